package dev.reel.video.internal.jpeg;

/**
 * Thrown when the bytes of a JPEG frame break the format (a table index out of range, a Huffman
 * code no table defines, entropy data that ends before the last block...). The message says what
 * was wrong and where, as a byte offset within the frame; the reader adds the file and frame.
 */
public final class JpegDataException extends Exception {
    JpegDataException(String message) { super(message); }
}
