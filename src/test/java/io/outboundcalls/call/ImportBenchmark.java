package io.outboundcalls.call;

import io.outboundcalls.support.BenchDatabase;
import java.io.BufferedWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The CSV import of 1 M rows on PostgreSQL, over HTTP as a CRM would send it, beside PostgreSQL's own COPY of the same
 * rows, as outbound_call stores them, into three scratch tables in the same run: one with outbound_call's indexes and
 * foreign keys (what writing these rows into this schema costs at best), one with its indexes only, and a bare one
 * (raw COPY speed). Prints
 * rows/s of each, the ratios, and the heap the engine used while importing. Not a test: run it with
 * {@code mvn -Pbench verify -Dbench.main=io.outboundcalls.call.ImportBenchmark} (see docs/intake.md); {@code -Dbench.rows}
 * changes the size. It creates and drops a scratch database on {@code -Dbench.url}.
 */
public final class ImportBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        Path csv = Files.createTempFile("import-bench", ".csv");
        Path stored = Files.createTempFile("import-bench-stored", ".csv");
        // neither distribution nor SQL pick-up nor job executor: only the import runs
        try (BenchDatabase database = BenchDatabase.create("bench_import");
                ConfigurableApplicationContext context = database.engine("--outbound.distribution.enabled=false",
                        "--camunda.bpm.job-execution.enabled=false",
                        "--logging.level.io.outboundcalls.call.CallImport=INFO")) {
            JdbcClient sql = context.getBean(JdbcClient.class);
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            administrator(context.getBean(IdentityService.class));
            UUID[] campaign = campaign(sql);
            UUID warmUpList = campaign[2];

            writeCsv(csv, 20_000, "warm");
            post(port, warmUpList, csv);
            writeCsv(csv, rows, "crm");
            System.out.printf(Locale.ROOT, "CSV file: %d rows, %.1f MB%n", rows, Files.size(csv) / 1e6);

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            AtomicLong peakHeap = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            sampler.start();
            long started = System.nanoTime();
            String report = post(port, campaign[1], csv);
            double importSeconds = (System.nanoTime() - started) / 1e9;
            sampler.interrupt();
            long written = sql.sql("select count(*) from outbound_call where outbound_list_id = :list")
                    .param("list", campaign[1]).query(Long.class).single();
            if (written != rows) {
                throw new IllegalStateException(written + " of " + rows + " rows written: " + report);
            }

            writeStoredRows(sql, campaign[1], stored);
            sql.sql("create table copy_full (like outbound_call including all)").update();
            for (String foreignKey : sql.sql("select pg_get_constraintdef(oid) from pg_constraint"
                    + " where conrelid = 'outbound_call'::regclass and contype = 'f'").query(String.class).list()) {
                sql.sql("alter table copy_full add " + foreignKey).update();
            }
            sql.sql("create table copy_indexed (like outbound_call including all)").update();
            sql.sql("create table copy_bare (like outbound_call including defaults)").update();
            double copyFull = copy(context, "copy_full", stored);
            double copyIndexed = copy(context, "copy_indexed", stored);
            double copyBare = copy(context, "copy_bare", stored);

            System.out.println();
            System.out.printf(Locale.ROOT, "CSV import of %d rows into outbound_call over HTTP, PostgreSQL%n", rows);
            System.out.printf(Locale.ROOT, "%-48s %10s %12s%n", "", "seconds", "rows/s");
            System.out.printf(Locale.ROOT, "%-48s %10.1f %12.0f%n", "POST .../calls/import (durable at the 200)",
                    importSeconds, rows / importSeconds);
            System.out.printf(Locale.ROOT, "%-48s %10.1f %12.0f%n", "COPY, table like outbound_call: indexes + FKs",
                    copyFull, rows / copyFull);
            System.out.printf(Locale.ROOT, "%-48s %10.1f %12.0f%n", "COPY, table like outbound_call: indexes only",
                    copyIndexed, rows / copyIndexed);
            System.out.printf(Locale.ROOT, "%-48s %10.1f %12.0f%n", "COPY, table like outbound_call: no index, no FK",
                    copyBare, rows / copyBare);
            System.out.printf(Locale.ROOT, "ratio import/COPY, same table shape (indexes + FKs): %.2f%n",
                    copyFull / importSeconds);
            System.out.printf(Locale.ROOT, "ratio import/COPY, indexes only:                     %.2f%n",
                    copyIndexed / importSeconds);
            System.out.printf(Locale.ROOT, "ratio import/COPY, bare table:                       %.2f%n",
                    copyBare / importSeconds);
            System.out.printf(Locale.ROOT, "engine heap used: %.0f MB before, peak %.0f MB during the import"
                    + " (file %.0f MB)%n", heapBefore / 1e6, peakHeap.get() / 1e6, Files.size(csv) / 1e6);
            System.out.println("answer: " + report);
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(stored);
        }
    }

    private static void administrator(IdentityService identity) {
        User admin = identity.newUser("bencher");
        admin.setPassword("bencher");
        identity.saveUser(admin);
        if (identity.createGroupQuery().groupId("camunda-admin").count() == 0) {
            identity.saveGroup(identity.newGroup("camunda-admin"));
        }
        identity.createMembership("bencher", "camunda-admin");
    }

    /** {project, the measured list, a warm-up list}. */
    private static UUID[] campaign(JdbcClient sql) {
        UUID project = UUID.randomUUID();
        sql.sql("insert into project (id, name) values (:id, 'Import bench')").param("id", project).update();
        UUID list = UUID.randomUUID();
        UUID warmUp = UUID.randomUUID();
        for (UUID id : new UUID[] {list, warmUp}) {
            sql.sql("insert into outbound_list (id, name, project_id, state) values (:id, :name, :project, 'Paused')")
                    .param("id", id).param("name", "Import " + id).param("project", project).update();
        }
        return new UUID[] {project, list, warmUp};
    }

    /** Rows as a CRM exports them: number in national-prefix form, a CallKey, a due time, a priority. */
    private static void writeCsv(Path file, int rows, String keyPrefix) throws Exception {
        String due = OffsetDateTime.now().plusDays(1).withNano(0).toString();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("number,callKey,scheduleTime,priority\n");
            for (int i = 0; i < rows; i++) {
                out.write(String.format(Locale.ROOT, "00420 6%02d %03d %03d,%s-%07d,%s,%d%n", i / 1_000_000 % 100,
                        i / 1000 % 1000, i % 1000, keyPrefix, i, due, i % 10));
            }
        }
    }

    private static String post(int port, UUID list, Path csv) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/outbound-lists/"
                        + list + "/calls/import"))
                .timeout(Duration.ofMinutes(10))
                .header("Content-Type", "text/csv")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("bencher:bencher".getBytes(
                        StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("import answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().length() > 300 ? response.body().substring(0, 300) + "…" : response.body();
    }

    /** The imported rows as outbound_call holds them, with new ids, for COPY to write again. */
    private static void writeStoredRows(JdbcClient sql, UUID list, Path file) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            sql.sql("""
                    select call_type, call_phase, call_result, outbound_list_id, project_id, number, dialed_number,
                        priority, schedule_time, call_key, origin, created_at, updated_at
                    from outbound_call where outbound_list_id = :list
                    """).param("list", list).query(rs -> {
                        try {
                            out.write(UUID.randomUUID() + "," + rs.getString(1) + "," + rs.getString(2) + ","
                                    + rs.getString(3) + "," + rs.getString(4) + "," + rs.getString(5) + ","
                                    + rs.getString(6) + ",\"" + rs.getString(7) + "\"," + rs.getInt(8) + ","
                                    + rs.getString(9) + "," + rs.getString(10) + "," + rs.getString(11) + ","
                                    + rs.getString(12) + "," + rs.getString(13) + "\n");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
    }

    private static double copy(ConfigurableApplicationContext context, String table, Path file) throws Exception {
        javax.sql.DataSource dataSource = context.getBean(javax.sql.DataSource.class);
        try (Connection connection = dataSource.getConnection(); Reader in = Files.newBufferedReader(file)) {
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " (id, call_type, call_phase,"
                    + " call_result, outbound_list_id, project_id, number, dialed_number, priority, schedule_time,"
                    + " call_key, origin, created_at, updated_at) from stdin with (format csv)", in);
            connection.commit();
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private ImportBenchmark() {
    }
}
