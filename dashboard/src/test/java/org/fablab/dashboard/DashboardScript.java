package org.fablab.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * One packaged dashboard module loaded as an ES module in GraalJS, without a browser: for the scripts that need no
 * DOM (money.js, report.js, charts.js), or only a few browser objects stood in for by a prelude. The module's exports are {@link #module()} and, for expressions,
 * {@code globalThis.<name>}; its relative imports are read from the packaged folder.
 */
final class DashboardScript implements AutoCloseable {
    private final Engine engine;
    private final Context context;
    private final Value module;

    private DashboardScript(String path, String name, String prelude) {
        engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
        context = Context.newBuilder("js").engine(engine).allowIO(true).build();
        context.eval("js", prelude);
        module = also(path, name);
    }

    /** Loads {@code fablab-dashboard/<path>} and names its exports {@code globalThis.<name>}. */
    static DashboardScript load(String path, String name) {
        return new DashboardScript(path, name, "");
    }

    /**
     * Like {@link #load(String, String)} after running {@code prelude}, a script that stands in for the browser
     * objects the module's imports touch when they load or are called ({@code URL}, {@code fetch}, {@code document}).
     */
    static DashboardScript load(String path, String name, String prelude) {
        return new DashboardScript(path, name, prelude);
    }

    /**
     * Loads a module that translates: {@code fetch} answers the packaged catalogues, {@code URL} and {@code document}
     * are stood in for, and {@code i18n.js} is loaded as {@code globalThis.i18n}; see {@link #inLanguage}.
     */
    static DashboardScript translating(String path, String name) {
        String prelude = """
                const catalogues = { en: %s, fr: %s };
                globalThis.URL = class {
                  constructor(path, base) { this.href = String(base).replace(/[^/]*$/, '') + path; }
                  toString() { return this.href; }
                };
                globalThis.fetch = async (url) => ({
                  ok: true, json: async () => catalogues[/(\\w+)\\.json$/.exec(String(url))[1]] });
                globalThis.document = { documentElement: {}, querySelectorAll: () => [] };
                """.formatted(catalogue("en"), catalogue("fr"));
        DashboardScript script = new DashboardScript(path, name, prelude);
        script.also("i18n.js", "i18n");
        return script;
    }

    /** The JSON text of {@code expression}'s value once the page's language is {@code language}. */
    String inLanguage(String language, String expression) {
        eval("globalThis.inLanguage = null; i18n.setLanguage('" + language + "').then(() => { globalThis.inLanguage = "
                + "JSON.stringify(" + expression + "); })");
        return eval("globalThis.inLanguage").asString();
    }

    private static String catalogue(String language) {
        try (InputStream in = DashboardScript.class.getClassLoader()
                .getResourceAsStream("fablab-dashboard/i18n/" + language + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads another module into the same context (one instance per path, shared with the modules that import it)
     * and names its exports {@code globalThis.<name>}.
     */
    Value also(String path, String name) {
        try {
            Path script = Path.of(DashboardScript.class.getClassLoader().getResource("fablab-dashboard/" + path).toURI());
            context.eval(Source.newBuilder("js", "import * as m from '" + script + "'; globalThis." + name + " = m;",
                    name + ".mjs").build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return context.getBindings("js").getMember(name);
    }

    Value module() {
        return module;
    }

    /** Evaluates a JavaScript expression in the module's context. */
    Value eval(String expression) {
        return context.eval("js", expression);
    }

    /** The JSON text of a JavaScript expression's value. */
    String json(String expression) {
        return eval("JSON.stringify(" + expression + ")").asString();
    }

    @Override
    public void close() {
        context.close();
        engine.close();
    }
}
