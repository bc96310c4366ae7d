/**
 * The {@code reel} command: {@code train}, {@code eval}, {@code predict}, {@code bench} and
 * {@code info}, built on picocli. Run it through the {@code ./reel} launcher at the repository root.
 */
module dev.reel.cli {
    requires dev.reel.engine;
    requires dev.reel.video;
    requires info.picocli;
    requires jdk.incubator.vector;

    exports dev.reel.cli;
    // The training infrastructure; it moves to the nn module (same package names) once that exists.
    exports dev.reel.nn.data;
    exports dev.reel.nn.metrics;

    // picocli fills the @Option fields reflectively.
    opens dev.reel.cli to info.picocli;
}
