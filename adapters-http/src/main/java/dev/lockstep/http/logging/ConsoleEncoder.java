package dev.lockstep.http.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The console appender's encoder ({@code logback.xml}): the pattern's plain text, or {@link
 * JsonLinesEncoder}'s JSON lines when {@link LogFormat} says {@code json}. An unknown format writes
 * text, so that the one-line reason {@link LogSettingsCheck} stops start-up with can be read.
 */
public final class ConsoleEncoder extends EncoderBase<ILoggingEvent> {
    private String pattern;
    private Encoder<ILoggingEvent> delegate;

    /** The text format's pattern. */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        String configured = LogFormat.configured();
        LogFormat format = LogFormat.parse(configured).orElse(LogFormat.TEXT);
        if (LogFormat.parse(configured).isEmpty()) {
            addWarn(LogFormat.ENVIRONMENT_VARIABLE + "=" + configured + " is neither text nor json; writing text");
        }
        if (format == LogFormat.JSON) {
            delegate = new JsonLinesEncoder();
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
