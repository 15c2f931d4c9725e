package dev.conveyor.declarations;

/**
 * A declaration is invalid: {@link #field()} is the path of the offending field in the document, in the form
 * {@code spec.source.repoURL} or {@code spec.ignoreDifferences[1].kind}, and {@link #reason()} says what is wrong
 * with it in words a user can act on ({@code is required}, {@code must be a DNS-1123 label}).
 */
public class DeclarationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public DeclarationException(String field, String reason) {
        super(field == null || field.isEmpty() ? reason : field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
