package io.outboundcalls.process;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.IdGenerator;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.PersistenceSession;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManagerFactory;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.springframework.stereotype.Component;

/**
 * Camunda checks the id of every entity it inserts with a message built beforehand from the entity's
 * {@code toString()}, which for a variable prints its value and for a history event all its fields. Java Flight
 * Recorder under load showed that string building at about 3 % of the engine's samples (a call inserts some thirty
 * entities), for a message that is never used. The engine's entity manager here checks the same rule and builds the
 * message only when the check fails, through Camunda's own check.
 */
@Component
class EntityIdCheckPlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<SessionFactory> factories = new ArrayList<>();
        if (configuration.getCustomSessionFactories() != null) {
            factories.addAll(configuration.getCustomSessionFactories());
        }
        factories.add(new Factory(configuration));
        configuration.setCustomSessionFactories(factories);
    }

    /** Opens the entity manager below; the id generator is read when the engine has made it, after the plugins. */
    private static final class Factory extends DbEntityManagerFactory {

        private final ProcessEngineConfigurationImpl configuration;

        Factory(ProcessEngineConfigurationImpl configuration) {
            super(null);
            this.configuration = configuration;
        }

        @Override
        public DbEntityManager openSession() {
            IdGenerator ids = configuration.getIdGenerator();
            PersistenceSession persistence = Context.getCommandContext().getSession(PersistenceSession.class);
            return new CheckedLazily(ids, persistence);
        }
    }

    static final class CheckedLazily extends DbEntityManager {

        CheckedLazily(IdGenerator ids, PersistenceSession persistence) {
            super(ids, persistence);
        }

        @Override
        protected void validateId(DbEntity entity) {
            String id = entity.getId();
            if (id == null || Authorization.ANY.equals(id)) {
                super.validateId(entity);
            }
        }
    }
}
