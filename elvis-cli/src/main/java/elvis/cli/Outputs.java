package elvis.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that an output can be written before any work is done, so a typo costs no run. */
final class Outputs {
    private Outputs() { }

    /**
     * Why {@code path} cannot be written as a file ({@code folder} false) or as a folder to create
     * files in (created with its missing parents), in plain words; null when it can.
     */
    static String unwritable(Path path, boolean folder) {
        Path p = path.toAbsolutePath().normalize();
        if (Files.isDirectory(p)) {
            if (!folder) return "is a folder, not a file";
            return Files.isWritable(p) ? null : "no permission to write in this folder";
        }
        if (Files.exists(p)) {
            if (folder) return "is a file, not a folder";
            return Files.isWritable(p) ? null : "no permission to write this file";
        }
        Path parent = p.getParent();
        if (folder) while (parent != null && !Files.exists(parent)) parent = parent.getParent();   // created with it
        if (parent == null) return "has no folder to be written in";
        if (!Files.exists(parent)) return "folder " + parent + " does not exist";
        if (!Files.isDirectory(parent)) return parent + " is a file, not a folder";
        return Files.isWritable(parent) ? null : "no permission to write in " + parent;
    }
}
