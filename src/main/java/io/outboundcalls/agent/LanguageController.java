package io.outboundcalls.agent;

import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.StateConflictException;
import io.outboundcalls.domain.UnknownRecordException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administration of languages; writes need camunda-admin (SecurityConfig). */
@RestController
@RequestMapping("/api/languages")
class LanguageController {

    private final LanguageRepository languages;

    LanguageController(LanguageRepository languages) {
        this.languages = languages;
    }

    @GetMapping
    List<Language> list() {
        return languages.findAll();
    }

    @GetMapping("/{id}")
    Language get(@PathVariable UUID id) {
        return find(id);
    }

    @PostMapping
    @Transactional
    ResponseEntity<Language> create(@RequestBody LanguageRequest request) {
        Language language = validated(UUID.randomUUID(), request);
        languages.insert(language);
        return ResponseEntity.created(URI.create("/api/languages/" + language.id())).body(language);
    }

    @PutMapping("/{id}")
    @Transactional
    Language update(@PathVariable UUID id, @RequestBody LanguageRequest request) {
        find(id);
        Language language = validated(id, request);
        languages.update(language);
        return language;
    }

    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        Language language = find(id);
        List<String> usages = languages.usages(id);
        if (!usages.isEmpty()) {
            throw new StateConflictException("language '" + language.code() + "' is still used by "
                    + String.join(", ", usages));
        }
        languages.delete(id);
        return ResponseEntity.noContent().build();
    }

    private Language find(UUID id) {
        return languages.find(id).orElseThrow(() -> new UnknownRecordException("language", id));
    }

    private Language validated(UUID id, LanguageRequest request) {
        String name = Inputs.requiredText("name", request.name(), 100);
        String code = Inputs.requiredText("code", request.code(), 20);
        if (languages.codeTaken(code, id)) {
            throw new StateConflictException("code: a language with the code '" + code + "' already exists");
        }
        return new Language(id, name, code);
    }

    /** POST and PUT /api/languages body. */
    record LanguageRequest(String name, String code) {
    }
}
