package org.fablab.gateway.adapter.qr;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as a standalone SVG image, for a phone or a Pi's camera to read an enrollment token off the dashboard.
 * Nayuki's encoder makes the modules; the SVG holds only their geometry (one path), never the encoded text, so
 * nothing in it needs escaping.
 */
public final class QrSvg {
    /** Modules of blank margin on each side, as the QR standard asks. */
    private static final int QUIET_ZONE = 4;

    private QrSvg() {
    }

    /** @throws IllegalArgumentException when {@code text} does not fit in a QR code */
    public static String of(String text) {
        QrCode qr;
        try {
            qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        } catch (io.nayuki.qrcodegen.DataTooLongException e) {
            throw new IllegalArgumentException("too long for a QR code", e);
        }
        int side = qr.size + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000\"/></svg>";
    }
}
