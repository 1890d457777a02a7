package io.outboundcalls.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.support.WebappSession;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What issue 11 found an outsider could do through the Camunda webapps and /engine-rest, tried again over real HTTP
 * with the webapps' own login, session and XSRF token: every attempt is refused and nothing is written.
 */
@RunningEngineTest
class CamundaWebappAccessIT {

    static final String ENGINE = "/camunda/api/engine/engine/default";
    static final String BPMN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="intruder" targetNamespace="http://example.com">
              <bpmn:process id="intruderProcess" isExecutable="true">
                <bpmn:startEvent id="start"/>
              </bpmn:process>
            </bpmn:definitions>
            """;

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;
    @Autowired
    TaskService tasks;
    @Autowired
    RepositoryService repository;

    final List<String> users = new ArrayList<>();
    final List<String> taskIds = new ArrayList<>();

    @AfterEach
    void removeUsersAndTasks() {
        taskIds.forEach(id -> tasks.deleteTask(id, true));
        users.forEach(identity::deleteUser);
    }

    @Test
    void viewerAndAgentCannotJoinCamundaAdminThroughTheWebapps() {
        for (String user : List.of("viewer", "agent1")) {
            WebappSession browser = WebappSession.open(port);
            // the Admin app is not offered to them any more, Tasklist is
            assertThat(browser.login("admin", user, user).status()).isEqualTo(403);
            Api.Reply login = browser.login("tasklist", user, user);
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            assertThat(login.body()).doesNotContain("\"admin\"").doesNotContain("\"cockpit\"");

            Api.Reply join = browser.send("PUT", ENGINE + "/group/camunda-admin/members/" + user, null, null);

            assertThat(join.status()).as(join.toString()).isEqualTo(403);
            // refused by the engine's authorization, not by a missing XSRF token
            assertThat(join.body()).contains("AuthorizationException");
            assertThat(identity.createUserQuery().userId(user).memberOfGroup("camunda-admin").count()).isZero();
            assertThat(Api.as(port, user, user).get("/api/config").status()).isEqualTo(403);
        }
    }

    @Test
    void agentCannotDeployThroughTheWebappsOrEngineRest() {
        long deployments = repository.createDeploymentQuery().count();
        String boundary = boundary();
        String multipart = deployment(boundary);
        String contentType = "multipart/form-data; boundary=" + boundary;
        WebappSession browser = WebappSession.open(port);
        assertThat(browser.login("tasklist", "agent1", "agent1").status()).isEqualTo(200);

        Api.Reply throughWebapps = browser.send("POST", ENGINE + "/deployment/create", contentType, multipart);
        Api.Reply throughEngineRest = Api.as(port, "agent1", "agent1")
                .send("POST", "/engine-rest/deployment/create", contentType, multipart);

        assertThat(throughWebapps.status()).as(throughWebapps.toString()).isEqualTo(403);
        assertThat(throughWebapps.body()).contains("AuthorizationException");
        assertThat(throughEngineRest.status()).as(throughEngineRest.toString()).isEqualTo(403);
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("intruderProcess").count()).isZero();
    }

    @Test
    void agentCannotCompleteOrSeeAnotherAgentsTaskByAnyPath() {
        String mine = user("agent");
        String theirs = user("agent");
        String taskId = taskOf(theirs);
        WebappSession browser = WebappSession.open(port);
        assertThat(browser.login("tasklist", mine, mine).status()).isEqualTo(200);
        Api basic = Api.as(port, mine, mine);

        Api.Reply webappComplete = browser.send("POST", ENGINE + "/task/" + taskId + "/complete",
                "application/json", "{}");
        Api.Reply restComplete = basic.post("/engine-rest/task/" + taskId + "/complete", "{}");
        Api.Reply webappList = browser.get(ENGINE + "/task?firstResult=0&maxResults=50");
        Api.Reply restList = basic.get("/engine-rest/task?firstResult=0&maxResults=50");

        assertThat(webappComplete.status()).as(webappComplete.toString()).isEqualTo(403);
        assertThat(webappComplete.body()).contains("AuthorizationException");
        assertThat(restComplete.status()).as(restComplete.toString()).isEqualTo(403);
        assertThat(tasks.createTaskQuery().taskId(taskId).count()).isEqualTo(1);
        assertThat(webappList.status()).as(webappList.toString()).isEqualTo(200);
        assertThat(webappList.body()).doesNotContain(taskId);
        assertThat(restList.status()).as(restList.toString()).isEqualTo(200);
        assertThat(restList.body()).doesNotContain(taskId);
    }

    @Test
    void theAssigneeSeesTheTaskInTasklistsMyTasksFilter() {
        String agent = user("agent");
        String taskId = taskOf(agent);
        WebappSession browser = WebappSession.open(port);
        assertThat(browser.login("tasklist", agent, agent).status()).isEqualTo(200);

        Api.Reply filters = browser.get(ENGINE + "/filter?resourceType=Task&firstResult=0&maxResults=50");
        Api.Reply mine = browser.get(ENGINE + "/task?firstResult=0&maxResults=50&assignee=" + agent);

        assertThat(filters.body()).contains("My tasks").doesNotContain("All tasks");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body()).contains(taskId);
    }

    @Test
    void theWebappsCheckThePasswordOnceAndThenUseTheSession() {
        String agent = user("agent");
        WebappSession browser = WebappSession.open(port);
        assertThat(browser.login("tasklist", agent, agent).status()).isEqualTo(200);
        assertThat(browser.sessionId()).isNotNull();

        // a changed password does not end a session that is already open: the requests carry no password
        User user = identity.createUserQuery().userId(agent).singleResult();
        user.setPassword("changed" + agent);
        identity.saveUser(user);
        Api.Reply whoAmI = browser.get("/camunda/api/admin/auth/user/default");

        assertThat(whoAmI.status()).as(whoAmI.toString()).isEqualTo(200);
        assertThat(whoAmI.json().get("userId").asText()).isEqualTo(agent);
        assertThat(WebappSession.open(port).get("/camunda/api/admin/auth/user/default").status()).isEqualTo(404);
    }

    @Test
    void theSetupPageCannotCreateAnAdministrator() {
        String login = "setup" + UUID.randomUUID().toString().substring(0, 8);
        WebappSession browser = WebappSession.open(port);

        Api.Reply setup = browser.send("POST", "/camunda/api/admin/setup/default/user/create", "application/json",
                "{\"profile\":{\"id\":\"" + login + "\",\"firstName\":\"A\",\"lastName\":\"B\"},"
                        + "\"credentials\":{\"password\":\"" + login + "\"}}");

        assertThat(setup.status()).as(setup.toString()).isEqualTo(403);
        assertThat(identity.createUserQuery().userId(login).count()).isZero();
    }

    @Test
    void supervisorGetsAReadOnlyCockpit() {
        String supervisor = user("supervisor");
        identity.createMembership(supervisor, Authorities.SUPERVISORS_GROUP);
        long deployments = repository.createDeploymentQuery().count();
        WebappSession browser = WebappSession.open(port);

        Api.Reply login = browser.login("cockpit", supervisor, supervisor);
        Api.Reply definitions = browser.get(ENGINE + "/process-definition?key=outboundCall&firstResult=0&maxResults=50");
        String boundary = boundary();
        Api.Reply deploy = browser.send("POST", ENGINE + "/deployment/create", "multipart/form-data; boundary="
                + boundary, deployment(boundary));
        Api.Reply join = browser.send("PUT", ENGINE + "/group/camunda-admin/members/" + supervisor, null, null);

        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.body()).contains("cockpit").doesNotContain("\"admin\"");
        assertThat(definitions.status()).isEqualTo(200);
        assertThat(definitions.body()).contains("outboundCall");
        assertThat(deploy.status()).as(deploy.toString()).isEqualTo(403);
        assertThat(join.status()).as(join.toString()).isEqualTo(403);
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
        assertThat(identity.createUserQuery().userId(supervisor).memberOfGroup("camunda-admin").count()).isZero();
    }

    @Test
    void theAdministratorKeepsEveryWebapp() {
        WebappSession browser = WebappSession.open(port);

        Api.Reply login = browser.login("admin", "admin", "admin");
        Api.Reply members = browser.get(ENGINE + "/user?memberOfGroup=camunda-admin&firstResult=0&maxResults=50");

        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.body()).contains("admin").contains("cockpit").contains("tasklist");
        assertThat(members.status()).isEqualTo(200);
        assertThat(members.body()).contains("\"admin\"");
    }

    private static String boundary() {
        return "----intruder" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A deployment of a harmless model, as Camunda Modeler sends it. */
    private static String deployment(String boundary) {
        return "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"deployment-name\"\r\n\r\nintruder\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"data\"; filename=\"intruder.bpmn\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + BPMN + "\r\n"
                + "--" + boundary + "--\r\n";
    }

    /** A user of the engine in the group agents, with the password equal to the login. */
    private String user(String prefix) {
        String login = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        User user = identity.newUser(login);
        user.setPassword(login);
        identity.saveUser(user);
        identity.createMembership(login, Authorities.AGENTS_GROUP);
        users.add(login);
        return login;
    }

    /** A task assigned to the user; the engine grants the assignee their task, as for the model's result tasks. */
    private String taskOf(String assignee) {
        Task task = tasks.newTask();
        task.setName("Enter the call result");
        task.setAssignee(assignee);
        tasks.saveTask(task);
        taskIds.add(task.getId());
        return task.getId();
    }
}
