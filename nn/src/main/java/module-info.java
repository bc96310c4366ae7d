/**
 * Reel's neural-network library: modules and layers with PyTorch's names and defaults,
 * optimizers, LR schedulers, safetensors checkpoints and a model zoo.
 */
module dev.reel.nn {
    requires transitive dev.reel.engine;
    requires com.fasterxml.jackson.databind;

    exports dev.reel.nn;
    exports dev.reel.nn.io;
    exports dev.reel.nn.amp;
    exports dev.reel.nn.models;
    exports dev.reel.nn.optim;
    exports dev.reel.nn.optim.lr;
    exports dev.reel.nn.data;
    exports dev.reel.nn.metrics;
    exports dev.reel.nn.train;
}
