package elvis.ndl;

import elvis.app.AppCatalog;

import elvis.ndl.model.NdlSimulation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of the NDL front end: text in, validated {@link NdlSimulation} or diagnostics out.
 * No method throws for any input.
 */
public final class Ndl {

    private Ndl() {}

    /** Parses and validates NDL text; {@code file} is only used to name positions in diagnostics. */
    public static NdlResult parse(Path file, String text, AppCatalog catalog) {
        return parse(file.toString(), text, catalog);
    }

    public static NdlResult parse(String fileName, String text, AppCatalog catalog) {
        SourceText source = SourceText.of(fileName, text);
        List<Diagnostic> diagnostics = new ArrayList<>();
        Optional<NdlSimulation> simulation = Optional.empty();
        try {
            List<Node> tree = new Parser(source, diagnostics).parse();
            simulation = new Validator(source, diagnostics, catalog).validate(tree);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours, not of the file: still answer with a diagnostic rather than a crash.
            diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, new Pos(fileName, 1, 1),
                    "internal error in the NDL checker: " + e));
            simulation = Optional.empty();
        }
        diagnostics.sort(Diagnostics.BY_POSITION);
        return new NdlResult(source, simulation, diagnostics);
    }

    /** Reads a UTF-8 file and parses it; an unreadable file becomes a diagnostic. */
    public static NdlResult read(Path file, AppCatalog catalog) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return parse(file, text, catalog);
        } catch (CharacterCodingException e) {
            return failure(file, "file is not valid UTF-8");
        } catch (IOException | RuntimeException e) {
            return failure(file, "cannot read file: " + e.getMessage());
        }
    }

    private static NdlResult failure(Path file, String message) {
        SourceText empty = new SourceText(file.toString(), List.of());
        return new NdlResult(empty, Optional.empty(),
                List.of(new Diagnostic(Diagnostic.Severity.ERROR, new Pos(file.toString(), 1, 1), message)));
    }
}
