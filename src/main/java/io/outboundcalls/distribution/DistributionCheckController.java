package io.outboundcalls.distribution;

import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/calls/{id}/distribution-check: why the call is or is not being offered. */
@RestController
class DistributionCheckController {

    private final DistributionCheck check;

    DistributionCheckController(DistributionCheck check) {
        this.check = check;
    }

    @GetMapping("/api/calls/{id}/distribution-check")
    DistributionCheck.Result check(@PathVariable UUID id) {
        return check.check(id);
    }
}
