package org.surgecare.http.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Files shipped on the classpath: the OpenAPI document and the web pages. */
public final class Resources {
  private Resources() {}

  public static Optional<byte[]> read(String name) {
    try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file the node cannot run without; its absence is a packaging error. */
  public static byte[] required(String name) {
    return read(name).orElseThrow(() -> new IllegalStateException(name + " is missing from the classpath"));
  }
}
