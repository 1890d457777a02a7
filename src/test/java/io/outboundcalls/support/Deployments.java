package io.outboundcalls.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Deploys models through the engine REST API exactly as Camunda Modeler's "Deploy" button does. */
public final class Deployments {

    private Deployments() {
    }

    /** POST /engine-rest/deployment/create, multipart, one file; returns the reply. */
    public static Api.Reply deploy(Api admin, String deploymentName, String fileName, String content) {
        String boundary = "----modeler" + UUID.randomUUID().toString().replace("-", "");
        String body = part(boundary, "deployment-name", deploymentName)
                + part(boundary, "deployment-source", "Camunda Modeler")
                + part(boundary, "enable-duplicate-filtering", "false")
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + fileName + "\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + content + "\r\n"
                + "--" + boundary + "--\r\n";
        return admin.send("POST", "/engine-rest/deployment/create", "multipart/form-data; boundary=" + boundary, body);
    }

    /** The text of a model bundled with the application (processes/.., dmn/..). */
    public static String bundled(String resource) {
        try (InputStream in = Deployments.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }
}
