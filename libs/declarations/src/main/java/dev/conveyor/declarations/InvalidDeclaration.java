package dev.conveyor.declarations;

/**
 * A document that was not accepted, and why. Fields that could not be determined are null (a YAML syntax error has
 * no kind or name).
 *
 * @param file     the file, relative to the repository root (or to the loaded directory), {@code /}-separated
 * @param document the document's index in the file, from 0, counting non-empty documents
 * @param kind     the declared kind, if known
 * @param name     metadata.name, if known
 * @param field    the field at fault, as a path ({@code spec.source.repoURL}), if one is at fault
 * @param reason   what is wrong
 */
public record InvalidDeclaration(String file, int document, String kind, String name, String field, String reason) {

    /** E.g. {@code apps/pay.yaml[1] Application 'pay': spec.source.repoURL: is required}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(file).append('[').append(document).append(']');
        if (kind != null) {
            s.append(' ').append(kind);
        }
        if (name != null) {
            s.append(" '").append(name).append('\'');
        }
        s.append(": ");
        if (field != null && !field.isEmpty()) {
            s.append(field).append(": ");
        }
        return s.append(reason).toString();
    }
}
