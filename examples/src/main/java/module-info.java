/**
 * Runnable examples, one per topic, in the order of the tutorials in {@code docs/tutorials}:
 * tensors and autograd, an image CNN, an LSTM on sequences, audio with Conv1d, attention, the video
 * CNN-LSTM from files, and a GAN and a VAE that write video.
 */
module dev.reel.examples {
    requires dev.reel.engine;
    requires dev.reel.nn;
    requires dev.reel.video;
    requires jdk.incubator.vector;
    requires java.desktop;

    exports dev.reel.examples;
}
