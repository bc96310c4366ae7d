package dev.reel.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/** Starts DJL's PyTorch engine with a given number of intra-op threads (once per JMH fork). */
final class DjlSetup {
    private DjlSetup() {}

    /**
     * A manager of the PyTorch engine on {@code threads} intra-op threads and one inter-op thread
     * (as {@code torch.set_num_threads}). The properties are read when the engine starts, so this
     * must run before anything else touches DJL in the JVM; each JMH trial has its own fork.
     */
    static NDManager manager(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine("PyTorch");
        int actual = JniUtils.getNumThreads();
        if (actual != threads) {
            throw new IllegalStateException("DJL's libtorch runs " + actual + " intra-op threads, " + threads + " were asked for");
        }
        System.out.println("DJL engine " + engine.getEngineName() + " " + engine.getVersion() + ", " + actual + " intra-op thread(s)");
        return engine.newBaseManager();
    }
}
