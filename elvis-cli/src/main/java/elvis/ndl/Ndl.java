package elvis.ndl;

import elvis.app.AppCatalog;

import elvis.ndl.model.NdlSimulation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
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

    /**
     * Largest file read: descriptions of millions of machines take a few lines with {@code count},
     * and checking needs several times a file's size in memory.
     */
    public static final long MAX_FILE_BYTES = 64L << 20;

    private Ndl() {}

    /** Parses and validates NDL text; {@code file} is only used to name positions in diagnostics. */
    public static NdlResult parse(Path file, String text, AppCatalog catalog) {
        return parse(file.toString(), text, catalog);
    }

    public static NdlResult parse(String fileName, String text, AppCatalog catalog) {
        return parse(fileName, text, NdlSchema.standard(catalog));
    }

    /** Parses and validates against {@code schema}: the standard one, or one a component or test extended. */
    public static NdlResult parse(String fileName, String text, NdlSchema schema) {
        SourceText source = SourceText.of(fileName, text);
        List<Diagnostic> diagnostics = new ArrayList<>();
        Optional<NdlSimulation> simulation = Optional.empty();
        try {
            List<Node> tree = new Parser(source, diagnostics).parse();
            simulation = new Validator(source, diagnostics, schema).validate(tree);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours, not of the file: still answer with a diagnostic rather than a crash.
            diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, new Pos(fileName, 1, 1),
                    "internal error in the NDL checker: " + e));
            simulation = Optional.empty();
        }
        diagnostics.sort(Diagnostics.BY_POSITION);
        return new NdlResult(source, simulation, diagnostics);
    }

    /** Reads a UTF-8 file and parses it; an unreadable or too large file becomes a diagnostic. */
    public static NdlResult read(Path file, AppCatalog catalog) {
        return read(file, NdlSchema.standard(catalog));
    }

    public static NdlResult read(Path file, NdlSchema schema) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                return failure(file, String.format("file is %,d MB; descriptions over %,d MB are refused "
                        + "(a [Machine] with count='N' describes N machines in one section)", size >> 20, MAX_FILE_BYTES >> 20));
            }
            return parse(file.toString(), readUtf8(file), schema);
        } catch (CharacterCodingException e) {
            return failure(file, "file is not valid UTF-8");
        } catch (IOException | RuntimeException e) {
            return failure(file, "cannot read file: " + e.getMessage());
        }
    }

    /** The file's text; its bytes are garbage once this returns, not held while the text is parsed. */
    private static String readUtf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        checkUtf8(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Throws when {@code bytes} are not UTF-8; decodes through a small buffer, so checking costs no copy of the file. */
    private static void checkUtf8(byte[] bytes) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) r.throwException();
            out.clear();
            if (r.isUnderflow()) break;
        }
        CoderResult end = decoder.flush(out);
        if (end.isError()) end.throwException();
    }

    private static NdlResult failure(Path file, String message) {
        SourceText empty = new SourceText(file.toString(), List.of());
        return new NdlResult(empty, Optional.empty(),
                List.of(new Diagnostic(Diagnostic.Severity.ERROR, new Pos(file.toString(), 1, 1), message)));
    }
}
