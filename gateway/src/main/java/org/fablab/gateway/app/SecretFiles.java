package org.fablab.gateway.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes the files {@code provision} makes: each one whole or not at all (a temporary file in the same folder, then an
 * atomic rename), private ones created with mode 0600 from the start so a key is never readable by others, not even
 * for an instant.
 */
final class SecretFiles {
    static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private SecretFiles() {
    }

    /**
     * Writes {@code text} to {@code target} with {@code mode}.
     *
     * @param replace whether an existing {@code target} may be replaced
     * @throws FileAlreadyExistsException when it exists and {@code replace} is false
     */
    static void write(Path target, String text, Set<PosixFilePermission> mode, boolean replace) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(mode));
        try {
            // the umask may have narrowed the mode of a public file
            Files.setPosixFilePermissions(temporary, mode);
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            if (replace) {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // a hard link fails when the name exists, where a rename would silently replace it
                Files.createLink(target, temporary);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
