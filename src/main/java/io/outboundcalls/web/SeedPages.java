package io.outboundcalls.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The seed's own addresses of the outbound call editor ({@code /ReactClient/Pages/OutCallEditor.html} and
 * {@code /ReactClient/Pages/calleditor.html}, and API.md's {@code /calleditor.html}): links that CRMs already hold
 * open the engine's editor page, with their query (the page reads it from the browser's address). Public like the
 * page itself; its calls to /api ask for the login. The bar web URL's seed path is mapped by its controller.
 */
@Configuration
class SeedPages implements WebMvcConfigurer {

    static final String EDITOR = "/OutCallEditor.html";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/ReactClient/Pages/OutCallEditor.html").setViewName("forward:" + EDITOR);
        registry.addViewController("/ReactClient/Pages/calleditor.html").setViewName("forward:" + EDITOR);
        registry.addViewController("/calleditor.html").setViewName("forward:" + EDITOR);
    }
}
