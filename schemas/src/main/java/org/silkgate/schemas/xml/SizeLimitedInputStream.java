package org.silkgate.schemas.xml;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails as soon as more than the allowed bytes have been read, so an oversized upload never fills the heap. */
final class SizeLimitedInputStream extends FilterInputStream {
    private final long maxBytes;
    private long count;

    SizeLimitedInputStream(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) count(1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) count(n);
        return n;
    }

    private void count(long n) throws IOException {
        count += n;
        if (count > maxBytes) throw new DocumentTooLargeException(maxBytes);
    }

    static final class DocumentTooLargeException extends IOException {
        final long maxBytes;

        DocumentTooLargeException(long maxBytes) {
            super("document is larger than the limit of " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }
    }
}
