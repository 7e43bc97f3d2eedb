package io.github.simplemqtt.broker.internal;

/**
 * Lets tests in other packages make the kit's atomic writes fail as on a full disk, through the
 * package-private seam in {@link AtomicFiles}. The seam is process-wide: a test class using it runs
 * {@code @Isolated} and calls {@link #none()} after each test.
 */
public final class DiskFaults {
  private DiskFaults() {}

  /** The {@code nth} atomic write from now on fails with "No space left on device". */
  public static void diskFullAtWrite(int nth) {
    AtomicFiles.writesBeforeDiskFull.set(nth - 1);
  }

  /** Every write succeeds again. */
  public static void none() {
    AtomicFiles.writesBeforeDiskFull.set(-1);
  }
}
