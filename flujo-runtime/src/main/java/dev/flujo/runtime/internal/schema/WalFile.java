package dev.flujo.runtime.internal.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a SQLite WAL file the way SQLite's recovery does (header, salts, cumulative checksums,
 * commit frames), to tell before SQLite opens it how many of its frames recovery will keep and
 * how many it will silently drop. See https://www.sqlite.org/fileformat2.html#walformat.
 */
final class WalFile {
  private static final int HEADER = 32;
  private static final int FRAME_HEADER = 24;
  private static final int MAGIC = 0x377f0682;

  /**
   * What a WAL holds.
   *
   * @param bytes the file's size
   * @param headerValid whether the header is whole and its checksum right (else SQLite ignores
   *     every frame)
   * @param frames frames (whole or cut) of the current generation: carrying the header's salts
   * @param committedFrames frames recovery keeps: the valid prefix up to its last commit frame
   * @param databasePages the database's size in pages after the last kept commit, 0 if none
   */
  record Inspection(
      long bytes, boolean headerValid, long frames, long committedFrames, long databasePages) {
    /** Frames of the current generation that recovery drops. */
    long discardedFrames() {
      return frames - committedFrames;
    }
  }

  private WalFile() {}

  /** Reads {@code wal}. */
  static Inspection inspect(Path wal) throws IOException {
    long size = Files.size(wal);
    try (InputStream in = Files.newInputStream(wal)) {
      byte[] header = in.readNBytes(HEADER);
      if (header.length < HEADER) {
        return new Inspection(size, false, size > 0 ? 1 : 0, 0, 0);
      }
      ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
      int magic = h.getInt(0);
      int pageSize = h.getInt(8);
      if ((magic & 0xfffffffe) != MAGIC
          || pageSize < 512
          || pageSize > 65536
          || Integer.bitCount(pageSize) != 1) {
        long frames = (size - HEADER + FRAME_HEADER) / (FRAME_HEADER + 512);
        return new Inspection(size, false, Math.max(1, frames), 0, 0);
      }
      boolean bigEndianWords = (magic & 1) == 1;
      int[] sum = checksum(bigEndianWords, header, 0, 24, 0, 0);
      boolean headerValid = sum[0] == h.getInt(24) && sum[1] == h.getInt(28);
      int salt1 = h.getInt(16);
      int salt2 = h.getInt(20);
      long frames = 0;
      long committed = 0;
      long pages = 0;
      boolean valid = headerValid;
      byte[] frame = new byte[FRAME_HEADER + pageSize];
      while (true) {
        int read = in.readNBytes(frame, 0, frame.length);
        if (read == 0) {
          break;
        }
        ByteBuffer f = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        if (read < FRAME_HEADER) {
          // a cut frame header: it cannot be told from a stale one, so it counts as dropped
          frames++;
          break;
        }
        if (f.getInt(8) != salt1 || f.getInt(12) != salt2) {
          break;
        }
        frames++;
        if (read < frame.length) {
          break;
        }
        if (valid) {
          sum = checksum(bigEndianWords, frame, 0, 8, sum[0], sum[1]);
          sum = checksum(bigEndianWords, frame, FRAME_HEADER, pageSize, sum[0], sum[1]);
          valid = f.getInt(0) != 0 && sum[0] == f.getInt(16) && sum[1] == f.getInt(20);
          if (valid && f.getInt(4) != 0) {
            committed = frames;
            pages = Integer.toUnsignedLong(f.getInt(4));
          }
        }
      }
      return new Inspection(size, headerValid, frames, committed, pages);
    }
  }

  private static int[] checksum(
      boolean bigEndianWords, byte[] data, int offset, int length, int s1, int s2) {
    ByteBuffer b =
        ByteBuffer.wrap(data, offset, length)
            .order(bigEndianWords ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    for (int i = offset; i < offset + length; i += 8) {
      s1 += b.getInt(i) + s2;
      s2 += b.getInt(i + 4) + s1;
    }
    return new int[] {s1, s2};
  }
}
