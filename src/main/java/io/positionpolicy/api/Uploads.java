package io.positionpolicy.api;

import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.rules.DecisionTables;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Uploaded rule files as path -> text: each part's file name is its path in the rules directory. */
final class Uploads {
    private Uploads() {
    }

    static Map<String, String> texts(List<FileUpload> uploads) {
        if (uploads == null || uploads.isEmpty()) {
            throw new InvalidRequestException(List.of(new FieldError("file", "upload at least one file")));
        }
        Map<String, String> files = new TreeMap<>();
        for (FileUpload upload : uploads) {
            try {
                // A workbook decision table is carried as Base64, like every rule-file map carries it.
                files.put(upload.fileName(), DecisionTables.read(upload.uploadedFile(), upload.fileName()));
            } catch (IOException e) {
                throw new InvalidRequestException(List.of(new FieldError("file", "unreadable upload "
                        + upload.fileName() + ": must be UTF-8 text")));
            }
        }
        return files;
    }
}
