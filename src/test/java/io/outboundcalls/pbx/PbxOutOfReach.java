package io.outboundcalls.pbx;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The PBX as a node sees it while its connection to it is down (AMI, on Asterisk): every action fails. Once a test
 * brings it back, originates are recorded and go no further.
 */
public final class PbxOutOfReach implements PbxGateway {

    volatile boolean down = true;
    final List<String> originated = new CopyOnWriteArrayList<>();

    @Override
    public void originate(OriginateRequest request) {
        throwWhileDown();
        originated.add(request.callReference());
    }

    @Override
    public void hangUp(String callReference) {
        throwWhileDown();
    }

    @Override
    public Set<String> liveReferences() {
        throwWhileDown();
        return Set.of();
    }

    private void throwWhileDown() {
        if (down) {
            throw new PbxUnavailableException("the test's PBX connection is down", null);
        }
    }
}
