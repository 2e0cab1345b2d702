package io.apigenmt.topology.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A text file, written line by line, that appears whole or not at all: lines go to a hidden file
 * beside the target, {@link #commit} moves it into place atomically. Committed files are world-readable
 * (0644 where the file system has POSIX permissions) so a dataset folder can be published as is.
 */
public final class AtomicFile implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final BufferedWriter writer;
    private long lines;
    private boolean committed;

    AtomicFile(Path target) {
        this.target = target;
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            this.tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            this.writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code lines} (possibly none: an empty file) to {@code target} at once. */
    public static void writeAll(Path target, Iterable<String> lines) {
        try (AtomicFile file = new AtomicFile(target)) {
            lines.forEach(file::append);
            file.commit();
        }
    }

    void append(String line) {
        try {
            writer.write(line);
            writer.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    long lines() {
        return lines;
    }

    void commit() {
        try {
            writer.close();
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Without a commit, the partial file is removed and the target left as it was. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            writer.close();
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + tmp + ": " + e.getMessage(), e);
        }
    }
}
