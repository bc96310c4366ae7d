/**
 * The {@code reel} command: {@code train}, {@code eval}, {@code predict}, {@code bench} and
 * {@code info}, built on picocli. Run it through the {@code ./reel} launcher at the repository root.
 */
module dev.reel.cli {
    requires dev.reel.engine;
    requires dev.reel.video;
    requires dev.reel.nn;
    requires info.picocli;
    requires jdk.incubator.vector;
    requires java.desktop;

    exports dev.reel.cli;
    exports dev.reel.cli.models;

    // picocli fills the @Option fields reflectively.
    opens dev.reel.cli to info.picocli;
}
