package io.outboundcalls.web;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The grants of API.md's roles in Camunda's own authorization (on, see application.yml), written on every start so
 * that a database of any age gets them: camunda-admin everything; agents Tasklist and the tasks assigned to them (the
 * engine grants an assignee their task); supervisors Tasklist and a read-only Cockpit. Nobody else may deploy (a
 * deployment runs its expressions on the server) or change users and groups. The application's own code calls the
 * engine without an authenticated engine user, so these grants do not restrict it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class EngineAuthorizations implements ApplicationRunner {

    /** The Tasklist filter of agents and supervisors; the starter's "All tasks" filter is no longer created. */
    static final String MY_TASKS = "My tasks";

    private static final Logger LOG = LoggerFactory.getLogger(EngineAuthorizations.class);

    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final FilterService filters;
    private final TaskService tasks;

    EngineAuthorizations(IdentityService identity, AuthorizationService authorizations, FilterService filters,
            TaskService tasks) {
        this.identity = identity;
        this.authorizations = authorizations;
        this.filters = filters;
        this.tasks = tasks;
    }

    @Override
    public void run(ApplicationArguments args) {
        group(Authorities.ADMIN_GROUP, "Camunda administrators", Groups.GROUP_TYPE_SYSTEM);
        group(Authorities.AGENTS_GROUP, "Agents", Groups.GROUP_TYPE_WORKFLOW);
        group(Authorities.SUPERVISORS_GROUP, "Supervisors", Groups.GROUP_TYPE_WORKFLOW);
        for (Resource resource : Resources.values()) {
            grant(Authorities.ADMIN_GROUP, resource, ANY, Permissions.ALL);
        }
        String myTasks = myTasksFilter();
        for (String group : List.of(Authorities.AGENTS_GROUP, Authorities.SUPERVISORS_GROUP)) {
            grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            grant(group, Resources.FILTER, myTasks, Permissions.READ);
            // Tasklist shows the process of a task; the model is no secret, its instances are
            grant(group, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
        }
        // supervisors watch the calls in Cockpit without changing anything there
        for (Map.Entry<Resource, Permission[]> read : Map.<Resource, Permission[]>of(
                Resources.APPLICATION, new Permission[] {Permissions.ACCESS},
                Resources.PROCESS_DEFINITION, new Permission[] {Permissions.READ, Permissions.READ_INSTANCE,
                        Permissions.READ_HISTORY, Permissions.READ_TASK},
                Resources.PROCESS_INSTANCE, new Permission[] {Permissions.READ},
                Resources.DECISION_DEFINITION, new Permission[] {Permissions.READ, Permissions.READ_HISTORY},
                Resources.DECISION_REQUIREMENTS_DEFINITION, new Permission[] {Permissions.READ},
                Resources.DEPLOYMENT, new Permission[] {Permissions.READ},
                Resources.TASK, new Permission[] {Permissions.READ}).entrySet()) {
            String resourceId = read.getKey() == Resources.APPLICATION ? "cockpit" : ANY;
            grant(Authorities.SUPERVISORS_GROUP, read.getKey(), resourceId, read.getValue());
        }
    }

    private void group(String id, String name, String type) {
        if (identity.createGroupQuery().groupId(id).count() == 0) {
            Group group = identity.newGroup(id);
            group.setName(name);
            group.setType(type);
            try {
                identity.saveGroup(group);
            } catch (ProcessEngineException e) {
                LOG.info("Group {} written by another node meanwhile: {}", id, e.getMessage());
            }
        }
    }

    private String myTasksFilter() {
        List<Filter> existing = filters.createFilterQuery().filterName(MY_TASKS).orderByFilterId().asc().list();
        if (!existing.isEmpty()) {
            return existing.get(0).getId();
        }
        Filter filter = filters.newTaskFilter(MY_TASKS)
                .setQuery(tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"))
                .setProperties(Map.of("description", "The tasks assigned to me", "priority", -10));
        return filters.saveFilter(filter).getId();
    }

    /** Adds the permissions to the group's grant on the resource, creating the grant when there is none. */
    private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
        Authorization grant = authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
                .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).singleResult();
        if (grant == null) {
            grant = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
            grant.setGroupId(groupId);
            grant.setResource(resource);
            grant.setResourceId(resourceId);
        } else if (List.of(permissions).stream().allMatch(grant::isPermissionGranted)) {
            return;
        }
        for (Permission permission : permissions) {
            grant.addPermission(permission);
        }
        try {
            authorizations.saveAuthorization(grant);
        } catch (ProcessEngineException e) {
            // two nodes starting on one database: the other one wrote this grant first
            LOG.info("Grant of {} on {} {} written by another node meanwhile: {}", groupId, resource.resourceName(),
                    resourceId, e.getMessage());
        }
    }
}
