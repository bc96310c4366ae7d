/** Reel's JMH benchmarks; run them through bench/run-gemm.sh or {@code java -jar target/benchmarks.jar}. */
module dev.reel.bench {
    requires dev.reel.engine;
    requires dev.reel.cuda;
    requires dev.reel.nn;
    requires dev.reel.video;
    requires jdk.incubator.vector;
    requires jdk.management;   // per-thread CPU time and allocated bytes (VideoStepCpuTime)
    requires jmh.core;

    exports dev.reel.bench;
    exports dev.reel.bench.jmh_generated;
}
