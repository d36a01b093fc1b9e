package org.silkgate.smp.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.Optional;
import org.silkgate.schemas.xml.SecureXml;
import org.silkgate.smp.identifier.SmpIdentifier;
import org.silkgate.smp.identifier.SmpIdentifier.Kind;
import org.silkgate.smp.registry.Registry;
import org.silkgate.smp.store.RegistryException;
import org.silkgate.smp.store.RegistryStore.Format;
import org.silkgate.smp.store.WriteOutcome;
import org.silkgate.smp.users.Operator;

/**
 * The SMP REST interface: the Peppol SMP 1.x read API at the root, the OASIS BDXR SMP 1.0 read API under
 * {@code /bdxr}, and the conventional write API (PUT/DELETE with HTTP Basic) at the Peppol paths. Path parameters
 * arrive still percent-encoded ({@code @Encoded}) so that only {@code %XX} is decoded, never '+'.
 */
@Path("/")
public final class SmpResource {
    private static final String XML = "text/xml; charset=UTF-8";

    private final Registry registry;
    private final BasicAuth auth;

    public SmpResource(Registry registry, BasicAuth auth) {
        this.registry = registry;
        this.auth = auth;
    }

    @GET
    @Path("{participant}")
    public Response serviceGroup(@Encoded @PathParam("participant") String participant)
            throws RegistryException, SQLException {
        return serviceGroup(participant, Format.PEPPOL);
    }

    @GET
    @Path("bdxr/{participant}")
    public Response bdxrServiceGroup(@Encoded @PathParam("participant") String participant)
            throws RegistryException, SQLException {
        return serviceGroup(participant, Format.BDXR);
    }

    @GET
    @Path("{participant}/services/{documentType}")
    public Response serviceMetadata(
            @Encoded @PathParam("participant") String participant,
            @Encoded @PathParam("documentType") String documentType)
            throws RegistryException, SQLException {
        return serviceMetadata(participant, documentType, Format.PEPPOL);
    }

    @GET
    @Path("bdxr/{participant}/services/{documentType}")
    public Response bdxrServiceMetadata(
            @Encoded @PathParam("participant") String participant,
            @Encoded @PathParam("documentType") String documentType)
            throws RegistryException, SQLException {
        return serviceMetadata(participant, documentType, Format.BDXR);
    }

    @PUT
    @Path("{participant}")
    public Response putServiceGroup(
            @Encoded @PathParam("participant") String participant,
            @Context HttpHeaders headers,
            @Context HttpServletRequest request,
            InputStream body)
            throws RegistryException, SQLException {
        Operator user = auth.operator(headers, request.getRemoteAddr());
        SmpIdentifier pid = Registry.fromPath(Kind.PARTICIPANT, participant);
        return written(registry.putServiceGroup(pid, read(body), user));
    }

    @DELETE
    @Path("{participant}")
    public Response deleteServiceGroup(
            @Encoded @PathParam("participant") String participant,
            @Context HttpHeaders headers,
            @Context HttpServletRequest request)
            throws RegistryException, SQLException {
        Operator user = auth.operator(headers, request.getRemoteAddr());
        registry.deleteServiceGroup(Registry.fromPath(Kind.PARTICIPANT, participant), user);
        return Response.ok().build();
    }

    @PUT
    @Path("{participant}/services/{documentType}")
    public Response putServiceMetadata(
            @Encoded @PathParam("participant") String participant,
            @Encoded @PathParam("documentType") String documentType,
            @Context HttpHeaders headers,
            @Context HttpServletRequest request,
            InputStream body)
            throws RegistryException, SQLException {
        Operator user = auth.operator(headers, request.getRemoteAddr());
        SmpIdentifier pid = Registry.fromPath(Kind.PARTICIPANT, participant);
        SmpIdentifier doc = Registry.fromPath(Kind.DOCUMENT_TYPE, documentType);
        return written(registry.putServiceMetadata(pid, doc, read(body), user));
    }

    @DELETE
    @Path("{participant}/services/{documentType}")
    public Response deleteServiceMetadata(
            @Encoded @PathParam("participant") String participant,
            @Encoded @PathParam("documentType") String documentType,
            @Context HttpHeaders headers,
            @Context HttpServletRequest request)
            throws RegistryException, SQLException {
        Operator user = auth.operator(headers, request.getRemoteAddr());
        registry.deleteServiceMetadata(
                Registry.fromPath(Kind.PARTICIPANT, participant),
                Registry.fromPath(Kind.DOCUMENT_TYPE, documentType),
                user);
        return Response.ok().build();
    }

    private Response serviceGroup(String participant, Format format) throws RegistryException, SQLException {
        SmpIdentifier pid = Registry.fromPath(Kind.PARTICIPANT, participant);
        Optional<byte[]> xml = registry.serviceGroup(pid, format);
        if (xml.isEmpty()) throw RegistryException.notFound("participant " + pid + " is not registered");
        return Response.ok(xml.get(), XML).build();
    }

    private Response serviceMetadata(String participant, String documentType, Format format)
            throws RegistryException, SQLException {
        SmpIdentifier pid = Registry.fromPath(Kind.PARTICIPANT, participant);
        SmpIdentifier doc = Registry.fromPath(Kind.DOCUMENT_TYPE, documentType);
        Optional<byte[]> xml = registry.signedServiceMetadata(pid, doc, format);
        if (xml.isEmpty()) {
            throw RegistryException.notFound("no " + (format == Format.BDXR ? "BDXR " : "")
                    + "service metadata for participant " + pid + " and document type " + doc);
        }
        return Response.ok(xml.get(), XML).build();
    }

    /** Reads a request body, refusing it once it passes the hardened parser's size limit. */
    private static byte[] read(InputStream body) throws RegistryException {
        try (InputStream in = SecureXml.standard().limit(body)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw RegistryException.badRequest(
                    "request body: " + SecureXml.standard().translate(e).getMessage());
        }
    }

    private static Response written(WriteOutcome outcome) {
        return Response.status(outcome == WriteOutcome.CREATED ? Response.Status.CREATED : Response.Status.OK)
                .build();
    }
}
