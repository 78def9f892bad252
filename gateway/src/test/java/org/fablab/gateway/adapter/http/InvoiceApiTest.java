package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.fablab.gateway.domain.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The invoice of an issued statement: a PDF for whoever may read the statement, 404 for anyone else. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoiceApiTest {
    @TempDir
    static Path folder;
    private ApiHarness api;
    private ApiHarness.Client treasurer;
    private String number;

    @BeforeAll
    void issueAStatementForTheMaker() {
        api = new ApiHarness(folder);
        treasurer = api.browser(Role.TREASURER);
        assertThat(treasurer.post("/api/v1/ledger/payments", "{\"memberId\":\"m-maker\",\"amountCents\":2000,"
                + "\"date\":\"2021-03-10\",\"method\":\"cheque\",\"reference\":\"cheque-3\"}").status()).isEqualTo(201);
        assertThat(treasurer.post("/api/v1/periods/2021-03/close", null).status()).isEqualTo(200);
        ApiHarness.Response issued = treasurer.post("/api/v1/statements", "{\"month\":\"2021-03\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        number = issued.json().get(0).get("number").asText();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void theMemberAndTheTreasurer_getTheInvoiceAsAPdf() {
        for (ApiHarness.Client client : new ApiHarness.Client[] {api.browser(Role.MAKER), treasurer}) {
            ApiHarness.Response pdf = client.get("/api/v1/statements/" + number + "/invoice.pdf?lang=en");

            assertThat(pdf.status()).as(pdf.body()).isEqualTo(200);
            assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
            assertThat(pdf.headers().firstValue("Content-Disposition"))
                    .hasValue("inline; filename=\"invoice-" + number + ".pdf\"");
            assertThat(pdf.body()).startsWith("%PDF-");
        }
        assertThat(treasurer.get("/api/v1/statements/" + number + "/invoice.pdf").status()).isEqualTo(200);
    }

    @Test
    void anotherMember_anUnknownNumberAndAnUnknownLanguage_areRefused() {
        assertThat(api.browser(Role.TRAINER).get("/api/v1/statements/" + number + "/invoice.pdf").status())
                .isEqualTo(404);
        assertThat(treasurer.get("/api/v1/statements/2021-999999/invoice.pdf").status()).isEqualTo(404);
        ApiHarness.Response german = treasurer.get("/api/v1/statements/" + number + "/invoice.pdf?lang=de");
        assertThat(german.status()).isEqualTo(400);
        assertThat(german.json().get("field").asText()).isEqualTo("lang");
        assertThat(api.anonymous().get("/api/v1/statements/" + number + "/invoice.pdf").status()).isEqualTo(401);
    }
}
