package org.fablab.gateway.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Reads a PDF back the way a reader sees it, with poppler-utils' pdftotext and pdftoppm (installed by .ci/run). */
public final class Poppler {
    private Poppler() {
    }

    /** Writes the PDF to {@code file} (for a look by hand) and returns its text in layout mode, spaces normalised. */
    public static String text(byte[] pdf, Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Files.write(file, pdf);
        Path out = file.resolveSibling(file.getFileName() + ".txt");
        run("pdftotext", "-layout", "-enc", "UTF-8", file.toString(), out.toString());
        return Files.readString(out, StandardCharsets.UTF_8).replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    /** The text of a PDF written by {@link #text} in reading order, one line per row, as pdftotext -raw gives it. */
    public static String rawText(Path file) throws IOException, InterruptedException {
        Path out = file.resolveSibling(file.getFileName() + ".raw.txt");
        run("pdftotext", "-raw", "-enc", "UTF-8", file.toString(), out.toString());
        return Files.readString(out, StandardCharsets.UTF_8).replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    /** Renders every page at 50 dpi and returns the images, in page order. */
    public static List<BufferedImage> pages(Path file) throws IOException, InterruptedException {
        String prefix = file.getFileName() + "-page";
        for (Path stale : pngs(file, prefix)) {
            Files.delete(stale);
        }
        run("pdftoppm", "-png", "-r", "50", file.toString(), file.resolveSibling(prefix).toString());
        List<BufferedImage> images = new ArrayList<>();
        for (Path png : pngs(file, prefix)) {
            images.add(ImageIO.read(png.toFile()));
        }
        return images;
    }

    private static List<Path> pngs(Path file, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
    }

    /** The share of pixels that are not near-white, 0 to 1. */
    public static double inked(BufferedImage image) {
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int luminance = (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
                if (luminance < 235) {
                    inked++;
                }
            }
        }
        return (double) inked / ((long) image.getWidth() * image.getHeight());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        assertThat(process.exitValue()).as("%s exit status, output: %s", command[0], output).isZero();
    }
}
