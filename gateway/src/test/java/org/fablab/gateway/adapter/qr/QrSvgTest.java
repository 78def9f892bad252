package org.fablab.gateway.adapter.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nayuki.qrcodegen.QrCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class QrSvgTest {
    @Test
    void theSvgIsWellFormed_sizedToTheCodeWithItsQuietZone_andDrawsOneSquarePerDarkModule() throws Exception {
        String token = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg";
        QrCode code = QrCode.encodeText(token, QrCode.Ecc.MEDIUM);
        int dark = 0;
        for (int y = 0; y < code.size; y++) {
            for (int x = 0; x < code.size; x++) {
                dark += code.getModule(x, y) ? 1 : 0;
            }
        }

        String svg = QrSvg.of(token);

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        int side = code.size + 8;
        assertThat(document.getDocumentElement().getAttribute("viewBox")).isEqualTo("0 0 " + side + " " + side);
        String path = document.getElementsByTagName("path").item(0).getAttributes().getNamedItem("d").getNodeValue();
        assertThat(path.split("M", -1)).hasSize(dark + 1);
        assertThat(svg).doesNotContain(token);
    }

    @Test
    void textTooLongForAQrCode_isRefused() {
        assertThatThrownBy(() -> QrSvg.of("x".repeat(5000))).isInstanceOf(IllegalArgumentException.class);
    }
}
