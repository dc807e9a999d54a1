package elvis.ndl;

import elvis.ndl.model.NdlSimulation;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading an NDL file: the model when the file is valid, and every diagnostic
 * (errors and warnings, ordered by position). The model is present exactly when there is no error.
 */
public record NdlResult(SourceText source, Optional<NdlSimulation> simulation, List<Diagnostic> diagnostics) {

    public NdlResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return simulation.isPresent();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** All diagnostics in compiler format, each with its source line and a caret; "" when there are none. */
    public String render() {
        return Diagnostics.render(diagnostics, source);
    }
}
