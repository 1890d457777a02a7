package io.outboundcalls.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A browser's session with the Camunda webapps: their cookies, the XSRF token the webapps hand out and require on
 * every change, and their own login form. Each instance is one browser.
 */
public final class WebappSession {

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    private WebappSession(int port) {
        this.baseUrl = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(cookies).build();
    }

    /** A fresh browser that opened the webapps' start page (which hands out the XSRF token). */
    public static WebappSession open(int port) {
        WebappSession session = new WebappSession(port);
        Api.Reply welcome = session.get("/camunda/app/welcome/default/");
        if (welcome.status() != 200) {
            throw new IllegalStateException("the webapps' start page answered " + welcome);
        }
        return session;
    }

    /**
     * POST /camunda/api/admin/auth/user/default/login/{app}, the form of the webapps' login page; then, as the app's
     * page does, a read that hands out the XSRF token of the new session.
     */
    public Api.Reply login(String app, String user, String password) {
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        Api.Reply reply = send("POST", "/camunda/api/admin/auth/user/default/login/" + app,
                "application/x-www-form-urlencoded", form);
        get("/camunda/api/admin/auth/user/default");
        return reply;
    }

    public Api.Reply get(String path) {
        return send("GET", path, null, null);
    }

    public Api.Reply send(String method, String path, String contentType, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, text/plain, */*");
        String token = xsrfToken();
        if (token != null) {
            builder.header("X-XSRF-TOKEN", token);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The session cookie, to show that requests after the login carry no password. */
    public String sessionId() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    private String xsrfToken() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }
}
