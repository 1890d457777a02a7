package io.outboundcalls.call;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.CallImportRepository.StageWriter;
import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.OutboundListRepository;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import io.outboundcalls.domain.UnknownRecordException;
import io.outboundcalls.phone.PhoneNumberNormalizer;
import io.outboundcalls.web.CurrentUser;
import java.io.Reader;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The CSV import of an outbound list: the whole file in one transaction, so a file that breaks off (a broken quote,
 * a lost connection) leaves nothing behind, while a bad row is reported and skipped. The written rows are durable
 * and visible at once; their process instances start in the background (the SQL pick-up), at the engine's pace.
 */
@Service
public class CallImport {

    private static final Logger LOG = LoggerFactory.getLogger(CallImport.class);

    private final CallIntake intake;
    private final OutboundListRepository lists;
    private final ProjectRepository projects;
    private final AgentRepository agents;
    private final CallImportRepository stage;
    private final PhoneNumberNormalizer normalizer;
    private final Clock clock;

    CallImport(CallIntake intake, OutboundListRepository lists, ProjectRepository projects, AgentRepository agents,
            CallImportRepository stage, PhoneNumberNormalizer normalizer, Clock clock) {
        this.intake = intake;
        this.lists = lists;
        this.projects = projects;
        this.agents = agents;
        this.stage = stage;
        this.normalizer = normalizer;
        this.clock = clock;
    }

    /** @param callbacks null for project calls; else every row is a callback of this source (origin LostShift/Ivr) */
    @Transactional
    public ImportReport importCsv(UUID listId, Reader body, CurrentUser user, CallbackSource callbacks) {
        OutboundList list = lists.find(listId).orElseThrow(() -> new UnknownRecordException("outbound list", listId));
        Project project = projects.find(list.projectId()).orElseThrow();
        OffsetDateTime now = OffsetDateTime.now(clock);
        UUID importingAgent = agents.findByLogin(user.login()).map(Agent::id).orElse(null);
        CsvCallReader reader = new CsvCallReader(normalizer, list, project, importingAgent, user.login(),
                user.actsForOthers(), now);

        long started = System.nanoTime();
        List<RejectedRow> rejected = new ArrayList<>();
        long[] rejectedByReader = {0};
        long staged;
        Set<ImportColumn> columns = EnumSet.noneOf(ImportColumn.class);
        try (StageWriter writer = stage.openStage()) {
            columns.addAll(reader.read(body, writer::write, row -> {
                rejectedByReader[0]++;
                if (rejected.size() < ImportReport.MAX_LISTED) {
                    rejected.add(row);
                }
            }));
            staged = writer.finish();
        }
        long read = System.nanoTime();
        stage.resolveReferences(columns);
        long rejectedByReferences = stage.countRejected();
        if (rejectedByReferences > 0) {
            rejected.addAll(stage.rejectedRows(ImportReport.MAX_LISTED));
            rejected.sort(Comparator.comparingLong(RejectedRow::line));
        }
        long resolved = System.nanoTime();
        long imported = stage.insertCalls(list.id(), project.id(), list.languageId(),
                project.manualScheduling() ? CallPhase.Manual : CallPhase.Enqueue, now,
                callbacks == null ? CallType.Project : CallType.Callback,
                callbacks == null ? CallOrigin.Csv : CallbackSource.originOf(callbacks));
        long written = System.nanoTime();
        long rejectedCount = rejectedByReader[0] + rejectedByReferences;
        LOG.info("CSV import into outbound list {} by {}: {} imported, {} duplicates, {} rejected (read and staged in"
                + " {} ms, references checked in {} ms, written in {} ms; committed next)", list.id(), user.login(),
                imported, staged - rejectedByReferences - imported, rejectedCount, (read - started) / 1_000_000,
                (resolved - read) / 1_000_000, (written - resolved) / 1_000_000);
        return new ImportReport(imported, staged - rejectedByReferences - imported,
                List.copyOf(rejected.subList(0, Math.min(rejected.size(), ImportReport.MAX_LISTED))), rejectedCount);
    }
}
