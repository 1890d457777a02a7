package io.outboundcalls.campaign;

import java.util.List;
import java.util.UUID;
import io.outboundcalls.web.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Outbound lists (campaigns) as agents and scripts read them. */
@RestController
@RequestMapping("/api/outbound-lists")
class OutboundListController {

    private final OutboundListRepository lists;

    OutboundListController(OutboundListRepository lists) {
        this.lists = lists;
    }

    @GetMapping
    List<OutboundList> list() {
        return lists.findAll();
    }

    @GetMapping("/{id}")
    OutboundList get(@PathVariable UUID id) {
        return lists.find(id).orElseThrow(() -> new NotFoundException("outbound list", id));
    }
}
