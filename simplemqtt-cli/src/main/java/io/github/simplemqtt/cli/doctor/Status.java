package io.github.simplemqtt.cli.doctor;

/** The outcome of one check. */
enum Status {
  /** The check found nothing wrong. */
  PASSED,
  /** Something will break later or works by luck; the connection itself can go on. */
  WARNING,
  /** This is why the connection fails; later steps are not run. */
  FAILED
}
