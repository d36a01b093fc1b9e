package org.silkgate.ap.as4;

import com.helger.base.io.iface.IHasInputStream;
import com.helger.http.header.HttpHeaderMap;
import com.helger.mime.IMimeType;
import com.helger.phase4.incoming.IAS4ResponseAbstraction;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * phase4's answer to an AS4 request, held until the request was handled and then written to the servlet response:
 * a handler that fails half-way has not started a response yet.
 */
public final class BufferedAs4Response implements IAS4ResponseAbstraction {
    private int status = HttpServletResponse.SC_OK;
    private IMimeType mimeType;
    private byte[] bytes;
    private Charset charset;
    private HttpHeaderMap extraHeaders;
    private IHasInputStream stream;

    @Override
    public void setContent(byte[] content, Charset contentCharset) {
        bytes = content;
        charset = contentCharset;
    }

    @Override
    public void setContent(HttpHeaderMap headerMap, IHasInputStream hasInputStream) {
        extraHeaders = headerMap;
        stream = hasInputStream;
    }

    @Override
    public void setMimeType(IMimeType type) {
        mimeType = type;
    }

    @Override
    public void setStatus(int code) {
        status = code;
    }

    public void writeTo(HttpServletResponse response) throws IOException {
        response.setStatus(status);
        if (extraHeaders != null) extraHeaders.forEachSingleHeader(response::addHeader, true, false);
        if (mimeType != null) {
            response.setContentType(
                    mimeType.getAsString() + (charset != null && bytes != null ? ";charset=" + charset.name() : ""));
        }
        if (bytes != null) {
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        } else if (stream != null) {
            try (InputStream in = stream.getInputStream();
                    OutputStream out = response.getOutputStream()) {
                in.transferTo(out);
            }
        }
    }
}
