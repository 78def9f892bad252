package org.fablab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Code and docs cite only files of the repository: a reader must be able to open whatever a comment or a page
 * points to. Scans every text file of the repository (build output, editor settings and the demo's data aside) for
 * citations of a design document kept elsewhere, and for links to pages of {@code docs/} that do not exist. Lives in
 * {@code protocol}, the module every build runs first.
 */
class RepositoryCitationsTest {
    /** "DESIGN" followed by a section sign, or the name of that document's file. */
    private static final Pattern OUTSIDE_DESIGN = Pattern.compile("DESIGN(?:\\.md)?\\s*\u00a7|DESIGN\\.md");
    private static final Pattern DOCS_PAGE = Pattern.compile("docs/([A-Za-z0-9_-]+\\.md)");
    private static final Set<String> TEXT = Set.of("java", "md", "js", "html", "css", "yaml", "yml", "xml", "json",
            "properties", "sql", "py", "sh", "service", "txt");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", ".idea",
            ".vscode");
    /** Text files without an extension that are part of the build. */
    private static final Set<String> SCRIPTS = Set.of("fablab", "run");

    @Test
    void noCitationOfADesignDocumentOutsideTheRepository() {
        List<String> found = new ArrayList<>();
        for (Path file : textFiles()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (OUTSIDE_DESIGN.matcher(lines.get(i)).find()) {
                    found.add(root().relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), found, "cite the repository's own file and section instead (docs/protocol.md §7, "
                + "docs/authorization.md, docs/billing.md, docs/architecture.md ...) or give the reason in words");
    }

    @Test
    void everyCitedDocsPageExists() {
        List<String> missing = new ArrayList<>();
        for (Path file : textFiles()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher page = DOCS_PAGE.matcher(lines.get(i));
                while (page.find()) {
                    if (!Files.isRegularFile(root().resolve("docs").resolve(page.group(1)))) {
                        missing.add(root().relativize(file) + ":" + (i + 1) + ": " + page.group());
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "these pages are not in docs/");
    }

    @Test
    void theScanSeesTheWholeRepository() {
        List<Path> files = textFiles();
        assertTrue(files.contains(root().resolve("README.md")), "README.md scanned");
        assertTrue(files.contains(root().resolve("docs/protocol.md")), "docs scanned");
        assertTrue(files.contains(root().resolve(".ci/run")), "CI script scanned");
        assertTrue(files.stream().anyMatch(f -> f.startsWith(root().resolve("gateway/src/main/java"))),
                "other modules' sources scanned");
        assertTrue(files.stream().anyMatch(f -> f.startsWith(root().resolve("dashboard/src/main/resources"))),
                "dashboard scanned");
    }

    /** The repository's root: the nearest folder up from the module that holds the parent pom and this module. */
    private static Path root() {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null) {
            if (Files.isRegularFile(folder.resolve("pom.xml")) && Files.isDirectory(folder.resolve("protocol"))
                    && Files.isDirectory(folder.resolve("docs"))) {
                return folder;
            }
            folder = folder.getParent();
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    private static List<Path> textFiles() {
        Path root = root();
        Path demoData = root.resolve("data");
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                    boolean skipped = folder.equals(demoData)
                            || SKIPPED_DIRECTORIES.contains(String.valueOf(folder.getFileName()));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && isText(file)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static boolean isText(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? SCRIPTS.contains(name) : TEXT.contains(name.substring(dot + 1));
    }

    private static List<String> lines(Path file) {
        try {
            return List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
