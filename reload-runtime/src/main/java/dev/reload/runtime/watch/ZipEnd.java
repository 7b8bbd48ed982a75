package dev.reload.runtime.watch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a file ends where a zip ends: with an end-of-central-directory record whose comment reaches exactly to the
 * last byte. Every zip writer writes that record last, so a file still being written sequentially does not end with
 * one; a file that does is complete unless something rewrites it in place, which the directory tells apart by its
 * file key.
 */
final class ZipEnd {

    private static final int RECORD = 22;
    private static final int SIGNATURE = 0x06054b50;
    private static final int MAX_COMMENT = 0xFFFF;

    private ZipEnd() {
    }

    /**
     * @param file the file to look at
     * @param size its size as last seen; a file of another size now is not the one that was seen
     * @return whether its last bytes are an end-of-central-directory record
     */
    static boolean endsFile(Path file, long size) {
        if (size < RECORD) {
            return false;
        }
        int tail = (int) Math.min(size, RECORD + MAX_COMMENT);
        ByteBuffer buffer = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != size) {
                return false;
            }
            long from = size - tail;
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, from + buffer.position()) < 0) {
                    return false;
                }
            }
        } catch (IOException | SecurityException e) {
            return false;
        }
        for (int at = tail - RECORD; at >= 0; at--) {
            if (buffer.getInt(at) == SIGNATURE && at + RECORD + (buffer.getShort(at + 20) & 0xFFFF) == tail) {
                return true;
            }
        }
        return false;
    }
}
