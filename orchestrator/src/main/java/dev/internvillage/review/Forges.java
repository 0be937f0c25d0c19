package dev.internvillage.review;

import dev.internvillage.common.DomainException;
import dev.internvillage.project.Forge;
import dev.internvillage.project.Project;
import org.springframework.stereotype.Component;

/** The forge client for a project. */
@Component
public class Forges {

    private final LocalForge local;

    Forges(LocalForge local) {
        this.local = local;
    }

    public ForgeClient forProject(Project project) {
        if (project.forge() == Forge.LOCAL) {
            return local;
        }
        throw DomainException.unprocessable(
                "pull requests on " + project.forge().wireName() + " are not supported yet");
    }
}
