package org.ucsgateway.operations;

/**
 * One error found by the validate command.
 *
 * @param file     route file or configuration source the error is in
 * @param line     1-based line number, or 0 when the error has no line
 * @param message  what is wrong, in a sentence that names the offending value
 */
public record ValidationProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
