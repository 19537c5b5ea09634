package io.positionpolicy.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replacing a file in one step: the content goes to a hidden temporary file beside it (which the rules loader and the
 * users file reader skip), then is renamed over it, so a reader sees the old file or the new one, never half of one.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code file}; with {@code ownerOnly} the file is readable by its owner only. */
    public static void replace(Path file, byte[] content, boolean ownerOnly) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".saving");
        try {
            if (ownerOnly) {
                restrictToOwner(temp);
            }
            Files.write(temp, content);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's permissions apply
        }
    }
}
