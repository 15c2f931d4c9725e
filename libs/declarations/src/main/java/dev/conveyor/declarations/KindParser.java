package dev.conveyor.declarations;

/**
 * Turns documents of one kind into a service's own type. Implementations validate everything they read, reject
 * fields they do not know (a typo must not silently do nothing), and name the field at fault in the
 * {@link DeclarationException}; {@link Fields} has the common checks.
 *
 * @param <T> the service's type for this kind
 */
public interface KindParser<T> {

    /** The {@code kind} this parser handles, e.g. {@code Application}. */
    String kind();

    T parse(Manifest manifest) throws DeclarationException;
}
