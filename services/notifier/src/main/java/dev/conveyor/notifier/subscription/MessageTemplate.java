package dev.conveyor.notifier.subscription;

import dev.conveyor.declarations.DeclarationException;
import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.Results;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateNode;

import java.util.Map;

/**
 * A title and a body written in Qute (standalone engine), rendered with {@code event} (id, type, source, subject,
 * time), {@code data} (the event's JSON), {@code app} (name, labels) and {@code links} (commit, application). A value
 * the event lacks renders as nothing instead of failing the notification; {@code {data.x ?: 'n/a'}} gives a default.
 * Templates are parsed with their Subscription, so a syntax error is reported with the field.
 */
public final class MessageTemplate {

    /** One engine for every template: Qute engines are thread-safe and templates are cheap once parsed. */
    static final Engine ENGINE = Engine.builder()
            .addDefaults()
            .addValueResolver(new ReflectionValueResolver())
            .strictRendering(false)
            .addResultMapper(new ResultMapper() {
                @Override
                public boolean appliesTo(TemplateNode.Origin origin, Object result) {
                    return Results.isNotFound(result);
                }

                @Override
                public String map(Object result, io.quarkus.qute.Expression expression) {
                    return "";
                }
            })
            .build();

    /** Used when a Subscription gives no template for a destination kind. */
    public static final MessageTemplate FALLBACK;

    static {
        try {
            FALLBACK = parse("{event.type}: {event.subject}",
                    "{#if data.message}{data.message}{#else}{event.type} about {event.subject}{/if}", "template");
        } catch (DeclarationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String titleSource;
    private final String bodySource;
    private final Template title;
    private final Template body;

    private MessageTemplate(String titleSource, String bodySource, Template title, Template body) {
        this.titleSource = titleSource;
        this.bodySource = bodySource;
        this.title = title;
        this.body = body;
    }

    /** @param field the declaration field of this template ({@code spec.templates.slack}) */
    public static MessageTemplate parse(String title, String body, String field) throws DeclarationException {
        return new MessageTemplate(title, body, compile(title, field + ".title"), compile(body, field + ".body"));
    }

    private static Template compile(String source, String field) throws DeclarationException {
        if (source == null) return null;
        try {
            return ENGINE.parse(source);
        } catch (TemplateException e) {
            throw new DeclarationException(field, "is not a valid Qute template: " + e.getMessage());
        }
    }

    /** This template, with {@code other}'s title or body where this one has none. */
    public MessageTemplate orElse(MessageTemplate other) {
        return new MessageTemplate(title != null ? titleSource : other.titleSource,
                body != null ? bodySource : other.bodySource,
                title != null ? title : other.title, body != null ? body : other.body);
    }

    /** Renders the title (one line) and the body; a rendering failure gives the fallback's text, never nothing. */
    public Rendered render(Map<String, Object> model) {
        return new Rendered(renderOne(title, FALLBACK == null ? null : FALLBACK.title, model).strip()
                .replaceAll("\\s*\\n\\s*", " "), renderOne(body, FALLBACK == null ? null : FALLBACK.body, model).strip());
    }

    private static String renderOne(Template template, Template fallback, Map<String, Object> model) {
        Template t = template != null ? template : fallback;
        if (t == null) return "";
        try {
            return t.instance().data(model).render();
        } catch (RuntimeException e) {
            return fallback == null || fallback == t ? "" : renderOne(fallback, null, model);
        }
    }

    public record Rendered(String title, String body) {
    }

    @Override
    public String toString() {
        return "title=" + titleSource + ", body=" + bodySource;
    }
}
