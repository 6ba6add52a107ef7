package dev.timbre.cli;

import dev.timbre.bundle.ModelBundle;
import dev.timbre.io.Json;
import dev.timbre.predict.ModelCard;
import dev.timbre.predict.ModelCards;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code timbre models}: the model card of bundles (or of the bundled default). */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Show the model card of model bundles: architecture, training data, measured scores, caveats.")
public final class ModelsCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "RUN_DIR", description = "Model bundles (default: the bundled model).")
    List<Path> bundles = new ArrayList<>();

    @Option(names = "--json", description = "Print the cards as JSON, one per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<ModelBundle> list = new ArrayList<>();
        if (bundles.isEmpty()) {
            list.add(DefaultModel.bundle(null));
        } else {
            for (Path p : bundles) {
                list.add(ModelBundle.read(p));
            }
        }
        for (ModelBundle b : list) {
            ModelCard card = ModelCards.of(b);
            if (json) {
                out.println(Json.text(card).replace("\n", "").replaceAll("\\s{2,}", " "));
                continue;
            }
            out.printf("%s  (%s)%n", card.name(), b.location());
            out.printf("  architecture: %s%n", card.architecture());
            out.printf("  trained on:   %s%n", card.trainedOn());
            for (String source : card.sources()) {
                out.printf("  recordings:   %s%n", source);
            }
            out.printf("  default rule: %s%n", b.manifest().defaultRule());
            for (Map.Entry<String, Double> m : card.metrics().entrySet()) {
                out.printf(Locale.ROOT, "  %-40s %.4f%n", m.getKey(), m.getValue());
            }
            if (!card.notes().isEmpty()) {
                out.printf("  note: %s%n", card.notes());
            }
            for (String command : card.commands()) {
                out.printf("  made by:      %s%n", command);
            }
        }
        return 0;
    }
}
