<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AddNodeDialog</name>
    <message>
        <source>Add Node</source>
        <translation>Knoten hinzufügen</translation>
    </message>
    <message>
        <source>Connect this console to a Pouch node that runs “pouch --headless”. Its servers, backups and jobs then show here beside the others.</source>
        <translation>Verbindet diese Konsole mit einem Pouch-Knoten, auf dem „pouch --headless“ läuft. Seine Server, Backups und Aufträge erscheinen dann hier neben den anderen.</translation>
    </message>
    <message>
        <source>https://node1.example.com:8095</source>
        <translation>https://node1.example.com:8095</translation>
    </message>
    <message>
        <source>Optional: shown instead of the address</source>
        <translation>Optional: wird statt der Adresse angezeigt</translation>
    </message>
    <message>
        <source>“token” in the node&apos;s /etc/pelican/config.yml</source>
        <translation>„token“ in /etc/pelican/config.yml des Knotens</translation>
    </message>
    <message>
        <source>Sho&amp;w the token</source>
        <translation>Token &amp;zeigen</translation>
    </message>
    <message>
        <source>Node &amp;address:</source>
        <translation>&amp;Adresse des Knotens:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <source>The token is stored in your desktop&apos;s keychain, never in a plain file.</source>
        <translation>Das Token wird im Schlüsselbund Ihres Desktops gespeichert, nie in einer einfachen Datei.</translation>
    </message>
    <message>
        <source>No keychain is in use, so the token is stored in %1 (mode 0600, readable only by you), as chosen in Settings.</source>
        <translation>Es wird kein Schlüsselbund verwendet, daher wird das Token in %1 gespeichert (Modus 0600, nur für Sie lesbar), wie in den Einstellungen gewählt.</translation>
    </message>
    <message>
        <source>This node is already in the list.</source>
        <translation>Dieser Knoten ist bereits in der Liste.</translation>
    </message>
    <message>
        <source>Over http:// the token travels in clear text to %1: anyone on the way can read it and use the node. Use https:// unless this network is private.</source>
        <translation>Über http:// geht das Token im Klartext an %1: jeder auf dem Weg kann es lesen und den Knoten benutzen. Verwenden Sie https://, außer dieses Netz ist privat.</translation>
    </message>
</context>
<context>
    <name>BackupService</name>
    <message>
        <source>The backup id must be a lowercase UUID.</source>
        <translation>Die Sicherungs-ID muss eine UUID in Kleinbuchstaben sein.</translation>
    </message>
    <message>
        <source>The requested resource does not exist on this instance.</source>
        <translation>Die angeforderte Ressource existiert auf dieser Instanz nicht.</translation>
    </message>
    <message>
        <source>The requested backup was not found on this server.</source>
        <translation>Die angeforderte Sicherung wurde auf diesem Server nicht gefunden.</translation>
    </message>
    <message>
        <source>Server and backup ids must be lowercase UUIDs.</source>
        <translation>Server- und Sicherungs-IDs müssen UUIDs in Kleinbuchstaben sein.</translation>
    </message>
    <message>
        <source>The server directory %1 no longer exists.</source>
        <translation>Das Serververzeichnis %1 existiert nicht mehr.</translation>
    </message>
    <message>
        <source>Cannot write the exclude file in %1: %2</source>
        <translation>Die Ausschlussdatei in %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Some files could not be read, so the backup was discarded: %1</source>
        <translation>Einige Dateien konnten nicht gelesen werden, daher wurde die Sicherung verworfen: %1</translation>
    </message>
    <message>
        <source>restic finished without reporting a snapshot id.</source>
        <translation>restic wurde beendet, ohne eine Snapshot-ID zu melden.</translation>
    </message>
    <message>
        <source>Snapshot %1 has no usable path.</source>
        <translation>Snapshot %1 hat keinen verwendbaren Pfad.</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Snapshot %1 does not contain %2.</source>
        <translation>Snapshot %1 enthält %2 nicht.</translation>
    </message>
    <message>
        <source>The restore could not be put in place; the server&apos;s files are unchanged: %1</source>
        <translation>Die Wiederherstellung konnte nicht übernommen werden; die Dateien des Servers sind unverändert: %1</translation>
    </message>
    <message>
        <source>Cannot initialise the repository: %1</source>
        <translation>Das Repository kann nicht initialisiert werden: %1</translation>
    </message>
    <message>
        <source>Pouch is shutting down; no new jobs start.</source>
        <translation>Pouch wird beendet; es starten keine neuen Aufträge.</translation>
    </message>
    <message>
        <source>This Pouch has not claimed its directories; no jobs run here.</source>
        <translation>Dieses Pouch hat seine Verzeichnisse nicht übernommen; hier laufen keine Aufträge.</translation>
    </message>
    <message>
        <source>A backup with this uuid already exists.</source>
        <translation>Eine Sicherung mit dieser UUID existiert bereits.</translation>
    </message>
    <message>
        <source>Some files could not be read (%1), and the incomplete snapshot %2 could not be removed (%3). It is hidden from listings and removal is retried at the next start.</source>
        <translation>Einige Dateien konnten nicht gelesen werden (%1), und der unvollständige Snapshot %2 konnte nicht entfernt werden (%3). Er wird in Listen ausgeblendet, und das Entfernen wird beim nächsten Start erneut versucht.</translation>
    </message>
    <message>
        <source>Cannot read the owner of %1 (%2); the server&apos;s files are unchanged.</source>
        <translation>Der Eigentümer von %1 kann nicht gelesen werden (%2); die Dateien des Servers sind unverändert.</translation>
    </message>
    <message>
        <source>The catalogue of the repository is being built; try again in a few seconds.</source>
        <translation>Der Katalog des Repositorys wird gerade aufgebaut; versuchen Sie es in einigen Sekunden erneut.</translation>
    </message>
    <message>
        <source>The file list of this backup cannot be read: %1</source>
        <translation>Die Dateiliste dieser Sicherung kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The file list of this backup is being built; try again in a few seconds.</source>
        <translation>Die Dateiliste dieser Sicherung wird gerade erstellt; versuchen Sie es in einigen Sekunden erneut.</translation>
    </message>
    <message>
        <source>The requested path does not exist in this backup.</source>
        <translation>Der angeforderte Pfad existiert in dieser Sicherung nicht.</translation>
    </message>
    <message>
        <source>The requested path is not a directory in this backup.</source>
        <translation>Der angeforderte Pfad ist in dieser Sicherung kein Verzeichnis.</translation>
    </message>
    <message>
        <source>Cannot read the file index: %1</source>
        <translation>Der Dateiindex kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Search for at least %1 characters.</source>
        <translation>Suchen Sie nach mindestens %1 Zeichen.</translation>
    </message>
    <message>
        <source>Snapshot %1 could not be unpacked; the server&apos;s files are unchanged: %2</source>
        <translation>Snapshot %1 konnte nicht entpackt werden; die Dateien des Servers sind unverändert: %2</translation>
    </message>
    <message>
        <source>A destination needs the paths to restore into it.</source>
        <translation>Ein Zielordner braucht die Pfade, die in ihn wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>`truncate_directory` cannot be used with `paths`: only the listed paths are replaced.</source>
        <translation>`truncate_directory` geht nicht zusammen mit `paths`: Nur die genannten Pfade werden ersetzt.</translation>
    </message>
    <message>
        <source>At most %1 paths can be restored at once.</source>
        <translation>Höchstens %1 Pfade lassen sich auf einmal wiederherstellen.</translation>
    </message>
    <message>
        <source>The path %1 is not valid: %2</source>
        <translation>Der Pfad %1 ist ungültig: %2</translation>
    </message>
    <message>
        <source>The path / is the whole backup: restore it without `paths`.</source>
        <translation>Der Pfad / ist die ganze Sicherung: Stellen Sie sie ohne `paths` wieder her.</translation>
    </message>
    <message>
        <source>The destination %1 is not valid: %2</source>
        <translation>Der Zielordner %1 ist ungültig: %2</translation>
    </message>
    <message>
        <source>The path %1 does not exist in this backup.</source>
        <translation>Den Pfad %1 gibt es in dieser Sicherung nicht.</translation>
    </message>
    <message>
        <source>Snapshot %1 does not contain %2; the server&apos;s files are unchanged.</source>
        <translation>Snapshot %1 enthält %2 nicht; die Dateien des Servers sind unverändert.</translation>
    </message>
    <message>
        <source>read_data_subset &quot;%1&quot; is not valid: %2</source>
        <translation>read_data_subset „%1“ ist ungültig: %2</translation>
    </message>
    <message>
        <source>The check was cancelled.</source>
        <translation>Die Prüfung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Cannot remove the lock file %1.</source>
        <translation>Die Sperrdatei %1 kann nicht entfernt werden.</translation>
    </message>
    <message>
        <source>Stale locks of other hosts are in the repository (%1), and restic can only remove all stale locks at once. Nothing was removed; run `restic unlock` if those hosts&apos; locks may go too.</source>
        <translation>Im Repository liegen verwaiste Sperren anderer Hosts (%1), und restic kann verwaiste Sperren nur alle auf einmal entfernen. Nichts wurde entfernt; führen Sie `restic unlock` aus, wenn die Sperren dieser Hosts auch weg dürfen.</translation>
    </message>
    <message numerus="yes">
        <source>The repository check found %n problem(s).</source>
        <translation>
            <numerusform>Die Prüfung des Repositorys fand %n Problem.</numerusform>
            <numerusform>Die Prüfung des Repositorys fand %n Probleme.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Catalogue</name>
    <message>
        <source>Cannot open the catalogue %1: %2</source>
        <translation>Der Katalog %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>schema %1, expected %2</source>
        <translation>Schema %1, erwartet %2</translation>
    </message>
    <message>
        <source>a row without a snapshot id</source>
        <translation>eine Zeile ohne Snapshot-ID</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Compare Snapshots of Server %1</source>
        <translation>Snapshots von Server %1 vergleichen</translation>
    </message>
    <message>
        <source>Snapshot:</source>
        <translation>Snapshot:</translation>
    </message>
    <message>
        <source>%1 (older)</source>
        <translation>%1 (älter)</translation>
    </message>
    <message>
        <source>%1 (newer)</source>
        <translation>%1 (neuer)</translation>
    </message>
    <message>
        <source>Compare &amp;with:</source>
        <translation>Vergleichen &amp;mit:</translation>
    </message>
    <message>
        <source>Filter by path</source>
        <translation>Nach Pfad filtern</translation>
    </message>
    <message>
        <source>Server %1 has no other snapshot to compare with.</source>
        <translation>Server %1 hat keinen anderen Snapshot zum Vergleichen.</translation>
    </message>
    <message>
        <source>From %1 to %2: what the newer snapshot added, removed and changed.</source>
        <translation>Von %1 bis %2: was der neuere Snapshot hinzugefügt, entfernt und geändert hat.</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Wird verglichen…</translation>
    </message>
    <message>
        <source>The repository was closed.</source>
        <translation>Das Repository wurde geschlossen.</translation>
    </message>
    <message>
        <source>The file lists of these snapshots are still being built; choose the snapshot again in a few seconds.</source>
        <translation>Die Dateilisten dieser Snapshots werden noch erstellt; wählen Sie den Snapshot in ein paar Sekunden erneut.</translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>Vergleich nicht möglich: %1</translation>
    </message>
    <message>
        <source>Only the first changes are listed: there are more.</source>
        <translation>Nur die ersten Änderungen werden gezeigt: Es gibt weitere.</translation>
    </message>
    <message>
        <source>The two snapshots hold the same files.</source>
        <translation>Die beiden Snapshots enthalten dieselben Dateien.</translation>
    </message>
    <message>
        <source>No change matches the filter (%1 in all).</source>
        <translation>Keine Änderung passt zum Filter (%1 insgesamt).</translation>
    </message>
    <message>
        <source>Showing %1 of %2 changes.</source>
        <translation>%1 von %2 Änderungen werden gezeigt.</translation>
    </message>
    <message>
        <source>Added (%1)</source>
        <translation>Hinzugefügt (%1)</translation>
    </message>
    <message>
        <source>Removed (%1)</source>
        <translation>Entfernt (%1)</translation>
    </message>
    <message>
        <source>Changed (%1)</source>
        <translation>Geändert (%1)</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>&amp;Cancel Download</source>
        <translation>Herunterladen &amp;abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The whole snapshot %1</source>
        <translation>Der ganze Snapshot %1</translation>
    </message>
    <message>
        <source>%1 from snapshot %2</source>
        <translation>%1 aus Snapshot %2</translation>
    </message>
    <message>
        <source>%1 into %2</source>
        <translation>%1 nach %2</translation>
    </message>
    <message>
        <source>Starting restic…</source>
        <translation>restic wird gestartet…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 so far</source>
        <translation>bisher %1</translation>
    </message>
    <message>
        <source>Reading the snapshot…</source>
        <translation>Der Snapshot wird gelesen…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Done: %1 (%2).</source>
        <translation>Fertig: %1 (%2).</translation>
    </message>
    <message>
        <source>Cancelled. No file was written.</source>
        <translation>Abgebrochen. Es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <source>The download failed: %1</source>
        <translation>Das Herunterladen ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The node is gone.</source>
        <translation>Der Knoten ist nicht mehr da.</translation>
    </message>
    <message>
        <source>Asking %1…</source>
        <translation>Frage %1 …</translation>
    </message>
</context>
<context>
    <name>FileDiffModel</name>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Size before</source>
        <translation>Größe vorher</translation>
    </message>
    <message>
        <source>Size after</source>
        <translation>Größe nachher</translation>
    </message>
</context>
<context>
    <name>FileIndex</name>
    <message>
        <source>Cannot create a directory for the file index: %1</source>
        <translation>Für den Dateiindex kann kein Verzeichnis angelegt werden: %1</translation>
    </message>
    <message>
        <source>Cannot open the file index %1: %2</source>
        <translation>Der Dateiindex %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>The path must start with &apos;/&apos;.</source>
        <translation>Der Pfad muss mit &apos;/&apos; beginnen.</translation>
    </message>
    <message>
        <source>The path must not contain a NUL character.</source>
        <translation>Der Pfad darf kein NUL-Zeichen enthalten.</translation>
    </message>
    <message>
        <source>The path must not be longer than %1 bytes.</source>
        <translation>Der Pfad darf nicht länger als %1 Bytes sein.</translation>
    </message>
    <message>
        <source>The path must not contain an empty, &apos;.&apos; or &apos;..&apos; segment.</source>
        <translation>Der Pfad darf keinen leeren, &apos;.&apos;- oder &apos;..&apos;-Abschnitt enthalten.</translation>
    </message>
    <message>
        <source>The snapshot %1 names no directory.</source>
        <translation>Der Snapshot %1 nennt kein Verzeichnis.</translation>
    </message>
    <message>
        <source>Cannot write the file index: %1</source>
        <translation>Der Dateiindex kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Indexing was stopped.</source>
        <translation>Die Indizierung wurde angehalten.</translation>
    </message>
</context>
<context>
    <name>FileTreeModel</name>
    <message>
        <source>The repository was closed.</source>
        <translation>Das Repository wurde geschlossen.</translation>
    </message>
    <message>
        <source>The file list of this backup is being built…</source>
        <translation>Die Dateiliste dieser Sicherung wird erstellt…</translation>
    </message>
    <message>
        <source>This folder cannot be read.</source>
        <translation>Dieser Ordner lässt sich nicht lesen.</translation>
    </message>
    <message>
        <source>%1 is not in this snapshot.</source>
        <translation>%1 ist nicht in diesem Snapshot.</translation>
    </message>
    <message>
        <source>Link to %1</source>
        <translation>Verknüpfung auf %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
</context>
<context>
    <name>FindStatsParser</name>
    <message>
        <source>restic find printed unbalanced JSON</source>
        <translation>restic find gab unausgeglichenes JSON aus</translation>
    </message>
    <message>
        <source>restic find printed a match that is not JSON</source>
        <translation>restic find gab einen Treffer aus, der kein JSON ist</translation>
    </message>
    <message>
        <source>restic find printed a result without its snapshot</source>
        <translation>restic find gab ein Ergebnis ohne seinen Snapshot aus</translation>
    </message>
    <message>
        <source>restic find&apos;s output ended early</source>
        <translation>Die Ausgabe von restic find endete vorzeitig</translation>
    </message>
    <message>
        <source>restic find reported %1 matches for %2 but printed %3</source>
        <translation>restic find meldete %1 Treffer für %2, gab aber %3 aus</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>in 1 minute</source>
        <translation>in 1 Minute</translation>
    </message>
    <message>
        <source>1 minute ago</source>
        <translation>vor 1 Minute</translation>
    </message>
    <message numerus="yes">
        <source>in %n minutes</source>
        <translation>
            <numerusform>in %n Minute</numerusform>
            <numerusform>in %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minutes ago</source>
        <translation>
            <numerusform>vor %n Minute</numerusform>
            <numerusform>vor %n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>in 1 hour</source>
        <translation>in 1 Stunde</translation>
    </message>
    <message>
        <source>1 hour ago</source>
        <translation>vor 1 Stunde</translation>
    </message>
    <message numerus="yes">
        <source>in %n hours</source>
        <translation>
            <numerusform>in %n Stunde</numerusform>
            <numerusform>in %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hours ago</source>
        <translation>
            <numerusform>vor %n Stunde</numerusform>
            <numerusform>vor %n Stunden</numerusform>
        </translation>
    </message>
    <message>
        <source>in 1 day</source>
        <translation>in 1 Tag</translation>
    </message>
    <message>
        <source>1 day ago</source>
        <translation>vor 1 Tag</translation>
    </message>
    <message numerus="yes">
        <source>in %n days</source>
        <translation>
            <numerusform>in %n Tag</numerusform>
            <numerusform>in %n Tagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <source>in 1 month</source>
        <translation>in 1 Monat</translation>
    </message>
    <message>
        <source>1 month ago</source>
        <translation>vor 1 Monat</translation>
    </message>
    <message numerus="yes">
        <source>in %n months</source>
        <translation>
            <numerusform>in %n Monat</numerusform>
            <numerusform>in %n Monaten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n months ago</source>
        <translation>
            <numerusform>vor %n Monat</numerusform>
            <numerusform>vor %n Monaten</numerusform>
        </translation>
    </message>
    <message>
        <source>in 1 year</source>
        <translation>in 1 Jahr</translation>
    </message>
    <message>
        <source>1 year ago</source>
        <translation>vor 1 Jahr</translation>
    </message>
    <message numerus="yes">
        <source>in %n years</source>
        <translation>
            <numerusform>in %n Jahr</numerusform>
            <numerusform>in %n Jahren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n years ago</source>
        <translation>
            <numerusform>vor %n Jahr</numerusform>
            <numerusform>vor %n Jahren</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 of %2 · %3 of %4 files</source>
        <translation>%1 von %2 · %3 von %4 Dateien</translation>
    </message>
    <message>
        <source>in a moment</source>
        <translation>in Kürze</translation>
    </message>
    <message>
        <source>a moment ago</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Verknüpfung</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
</context>
<context>
    <name>GrowthChart</name>
    <message>
        <source>Growth of %1</source>
        <translation>Wachstum von %1</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>The node is still reading the repository. Try again in a moment.</source>
        <translation>Der Knoten liest das Repository noch. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The growth could not be read: %1</source>
        <translation>Das Wachstum konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No snapshots yet

The chart shows each snapshot&apos;s size and what its backup added once this server has been backed up.</source>
        <translation>Noch keine Snapshots

Das Diagramm zeigt die Größe jedes Snapshots und was sein Backup hinzugefügt hat, sobald dieser Server gesichert wurde.</translation>
    </message>
    <message>
        <source>Snapshot size</source>
        <translation>Größe des Snapshots</translation>
    </message>
    <message>
        <source>Added by the backup</source>
        <translation>Vom Backup hinzugefügt</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>Snapshot size (%1)</source>
        <translation>Größe des Snapshots (%1)</translation>
    </message>
    <message>
        <source>Added to the repository (%1)</source>
        <translation>Dem Repository hinzugefügt (%1)</translation>
    </message>
    <message>
        <source>1 snapshot, %1 (%2).</source>
        <translation>1 Snapshot, %1 (%2).</translation>
    </message>
    <message numerus="yes">
        <source>%n snapshots; the newest is %1 (%2).</source>
        <translation>
            <numerusform>%n Snapshot; der neueste ist %1 (%2).</numerusform>
            <numerusform>%n Snapshots; der neueste ist %1 (%2).</numerusform>
        </translation>
    </message>
    <message>
        <source>One snapshot was not made by a backup of this node: what it added is unknown, so it has no bar.</source>
        <translation>Ein Snapshot stammt nicht von einem Backup dieses Knotens: was er hinzugefügt hat, ist unbekannt, daher hat er keinen Balken.</translation>
    </message>
    <message numerus="yes">
        <source>%n snapshots were not made by a backup of this node: what they added is unknown, so they have no bar.</source>
        <translation>
            <numerusform>%n Snapshot stammt nicht von einem Backup dieses Knotens: was er hinzugefügt hat, ist unbekannt, daher hat er keinen Balken.</numerusform>
            <numerusform>%n Snapshots stammen nicht von einem Backup dieses Knotens: was sie hinzugefügt haben, ist unbekannt, daher haben sie keinen Balken.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GrowthModel</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1
Size: %2
Added to the repository: %3
Backup: %4</source>
        <translation>%1
Größe: %2
Dem Repository hinzugefügt: %3
Backup: %4</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
</context>
<context>
    <name>Job</name>
    <message>
        <source>Backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellung</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Prune</source>
        <translation>Bereinigung</translation>
    </message>
    <message>
        <source>Repository check</source>
        <translation>Repository-Prüfung</translation>
    </message>
</context>
<context>
    <name>JobListModel</name>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Snapshot %1</source>
        <translation>Snapshot %1</translation>
    </message>
    <message>
        <source>Cross-server restore from %1 into %2</source>
        <translation>Serverübergreifende Wiederherstellung von %1 nach %2</translation>
    </message>
    <message>
        <source>Backup %1</source>
        <translation>Sicherung %1</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Übertragen</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Verbleibend</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Restored snapshot %1</source>
        <translation>Snapshot %1 wiederhergestellt</translation>
    </message>
    <message>
        <source>Deleted backup %1</source>
        <translation>Sicherung %1 gelöscht</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
</context>
<context>
    <name>JobManager</name>
    <message>
        <source>Server %1 is busy (%2 running); wait for it to finish.</source>
        <translation>Server %1 ist beschäftigt (%2 läuft); warten Sie, bis der Auftrag fertig ist.</translation>
    </message>
    <message>
        <source>Pouch is shutting down; no new jobs start.</source>
        <translation>Pouch wird beendet; es starten keine neuen Aufträge.</translation>
    </message>
    <message>
        <source>a job</source>
        <translation>ein Auftrag</translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message>
        <source>Cancel Job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
    <message>
        <source>Copy Message</source>
        <translation>Meldung kopieren</translation>
    </message>
</context>
<context>
    <name>LocalDownload</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>LocalNode</name>
    <message>
        <source>This computer</source>
        <translation>Dieser Rechner</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Pouch</source>
        <translation>Pouch</translation>
    </message>
    <message>
        <source>&amp;Back Up Now</source>
        <translation>Jetzt &amp;sichern</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Wiederherstellen …</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen …</translation>
    </message>
    <message>
        <source>Copy Snapshot &amp;ID</source>
        <translation>Snapshot-&amp;ID kopieren</translation>
    </message>
    <message>
        <source>Copy Backup &amp;UUID</source>
        <translation>Sicherungs-&amp;UUID kopieren</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Backup</source>
        <translation>Si&amp;cherung</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>A&amp;nsicht</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>&lt;b&gt;Servers&lt;/b&gt;</source>
        <translation>&lt;b&gt;Server&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Connect a Repository…</source>
        <translation>Repository &amp;verbinden …</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Search by backup UUID, snapshot id or server</source>
        <translation>Nach Sicherungs-UUID, Snapshot-ID oder Server suchen</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Jobs are still running. Wait for them to finish (or cancel them), then apply the new settings again.</source>
        <translation>Es laufen noch Aufträge. Warten Sie, bis sie fertig sind (oder brechen Sie sie ab), und übernehmen Sie die neuen Einstellungen dann erneut.</translation>
    </message>
    <message>
        <source>&lt;b&gt;This is Pouch&apos;s built-in local repository&lt;/b&gt; in %1. Backups kept only on this machine do not survive losing it: connect a real repository (S3 or a restic server).</source>
        <translation>&lt;b&gt;Dies ist das eingebaute lokale Repository von Pouch&lt;/b&gt; in %1. Sicherungen, die nur auf diesem Rechner liegen, gehen mit ihm verloren: Verbinden Sie ein echtes Repository (S3 oder einen restic-Server).</translation>
    </message>
    <message>
        <source>saved settings</source>
        <translation>gespeicherte Einstellungen</translation>
    </message>
    <message>
        <source>built-in default</source>
        <translation>eingebaute Voreinstellung</translation>
    </message>
    <message>
        <source>Repository: %1</source>
        <translation>Repository: %1</translation>
    </message>
    <message>
        <source>Configuration: %1
Servers: %2</source>
        <translation>Konfiguration: %1
Server: %2</translation>
    </message>
    <message>
        <source>Pouch — %1</source>
        <translation>Pouch — %1</translation>
    </message>
    <message>
        <source>The restic program “%1” could not be run. Install restic or set its path in Settings.</source>
        <translation>Das restic-Programm „%1“ konnte nicht gestartet werden. Installieren Sie restic oder geben Sie seinen Pfad in den Einstellungen an.</translation>
    </message>
    <message>
        <source>Could not read the snapshots: %1</source>
        <translation>Die Snapshots konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Choose a server on the left to back it up</source>
        <translation>Wählen Sie links einen Server, um ihn zu sichern</translation>
    </message>
    <message>
        <source>Back up server %1 now</source>
        <translation>Server %1 jetzt sichern</translation>
    </message>
    <message>
        <source>Server %1 has no directory on this machine</source>
        <translation>Server %1 hat auf diesem Rechner kein Verzeichnis</translation>
    </message>
    <message>
        <source>Reading the snapshots…</source>
        <translation>Snapshots werden gelesen …</translation>
    </message>
    <message>
        <source>Asking the repository what it holds.</source>
        <translation>Das Repository wird nach seinem Inhalt gefragt.</translation>
    </message>
    <message>
        <source>Cannot read the repository</source>
        <translation>Das Repository kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>Check the repository URL, the password and the S3 credentials in Settings.</source>
        <translation>Prüfen Sie in den Einstellungen die Repository-URL, das Passwort und die S3-Zugangsdaten.</translation>
    </message>
    <message>
        <source>No servers found</source>
        <translation>Keine Server gefunden</translation>
    </message>
    <message>
        <source>No snapshots yet</source>
        <translation>Noch keine Snapshots</translation>
    </message>
    <message>
        <source>Back up a server: choose it on the left, then click Back Up Now.</source>
        <translation>Sichern Sie einen Server: Wählen Sie ihn links aus und klicken Sie auf „Jetzt sichern“.</translation>
    </message>
    <message>
        <source>Server %1 has no snapshots yet.</source>
        <translation>Server %1 hat noch keine Snapshots.</translation>
    </message>
    <message>
        <source>No snapshot matches “%1”</source>
        <translation>Kein Snapshot passt zu „%1“</translation>
    </message>
    <message>
        <source>Search looks at backup UUIDs, snapshot ids and server UUIDs.</source>
        <translation>Die Suche berücksichtigt Sicherungs-UUIDs, Snapshot-IDs und Server-UUIDs.</translation>
    </message>
    <message>
        <source>No snapshots of this server yet</source>
        <translation>Noch keine Snapshots dieses Servers</translation>
    </message>
    <message>
        <source>Server %1 has not been backed up.</source>
        <translation>Server %1 wurde noch nicht gesichert.</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen …</translation>
    </message>
    <message>
        <source>restic %1</source>
        <translation>restic %1</translation>
    </message>
    <message>
        <source>The backup of server %1 could not start: %2</source>
        <translation>Die Sicherung von Server %1 konnte nicht starten: %2</translation>
    </message>
    <message>
        <source>Backing up server %1…</source>
        <translation>Server %1 wird gesichert …</translation>
    </message>
    <message>
        <source>Delete Backup</source>
        <translation>Sicherung löschen</translation>
    </message>
    <message>
        <source>Delete backup %1 of server %2?</source>
        <translation>Sicherung %1 von Server %2 löschen?</translation>
    </message>
    <message>
        <source>Every snapshot of this backup is removed from the repository, and its data is pruned afterwards. This cannot be undone.</source>
        <translation>Alle Snapshots dieser Sicherung werden aus dem Repository entfernt, ihre Daten danach bereinigt. Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>The backup could not be deleted: %1</source>
        <translation>Die Sicherung konnte nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <source>%1 of server %2 failed: %3</source>
        <translation>%1 von Server %2 fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>Pouch was started with --config %1. Saving stores these values as your saved settings and switches to them; the file itself is not changed.</source>
        <translation>Pouch wurde mit --config %1 gestartet. Beim Speichern werden diese Werte zu Ihren gespeicherten Einstellungen und sofort verwendet; die Datei selbst bleibt unverändert.</translation>
    </message>
    <message>
        <source>You are on the built-in local repository. Enter your real repository, or import the settings of a Wings config.yml.</source>
        <translation>Sie verwenden das eingebaute lokale Repository. Geben Sie Ihr echtes Repository ein oder importieren Sie die Einstellungen aus einer Wings-config.yml.</translation>
    </message>
    <message>
        <source>&amp;Try Again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Another Pouch runs the jobs on these directories.</source>
        <translation>Ein anderes Pouch führt die Aufträge in diesen Verzeichnissen aus.</translation>
    </message>
    <message>
        <source>The other Pouch still runs the jobs here.</source>
        <translation>Das andere Pouch führt die Aufträge hier weiterhin aus.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No repository to back up to.&lt;/b&gt; %1 Back up and restore stay off until one is set.</source>
        <translation>&lt;b&gt;Kein Repository, in das gesichert werden kann.&lt;/b&gt; %1 Sichern und Wiederherstellen bleiben aus, bis eines eingerichtet ist.</translation>
    </message>
    <message>
        <source>&lt;b&gt;This window runs no backups or restores.&lt;/b&gt; %1 The snapshots are listed as usual.</source>
        <translation>&lt;b&gt;Dieses Fenster führt keine Sicherungen oder Wiederherstellungen aus.&lt;/b&gt; %1 Die Snapshots werden wie gewohnt angezeigt.</translation>
    </message>
    <message>
        <source>No repository is set up: see the banner above</source>
        <translation>Es ist kein Repository eingerichtet: siehe Hinweis oben</translation>
    </message>
    <message>
        <source>Another Pouch runs the jobs: see the banner above</source>
        <translation>Ein anderes Pouch führt die Aufträge aus: siehe Hinweis oben</translation>
    </message>
    <message>
        <source>Restore a snapshot into a server</source>
        <translation>Einen Snapshot in einen Server wiederherstellen</translation>
    </message>
    <message>
        <source>No repository is set up</source>
        <translation>Kein Repository eingerichtet</translation>
    </message>
    <message>
        <source>Cannot reach the repository</source>
        <translation>Repository nicht erreichbar</translation>
    </message>
    <message>
        <source>Connected · 1 snapshot</source>
        <translation>Verbunden · 1 Snapshot</translation>
    </message>
    <message numerus="yes">
        <source>Connected · %n snapshots</source>
        <translation>
            <numerusform>Verbunden · %n Snapshot</numerusform>
            <numerusform>Verbunden · %n Snapshots</numerusform>
        </translation>
    </message>
    <message>
        <source>restic not found</source>
        <translation>restic nicht gefunden</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Pouch</source>
        <translation>Ü&amp;ber Pouch</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>nicht gefunden</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>noch nicht geprüft</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (gebaut mit %2)</translation>
    </message>
    <message>
        <source>README.md and docs/ in the Pouch sources</source>
        <translation>README.md und docs/ in den Quellen von Pouch</translation>
    </message>
    <message>
        <source>%1 and %2 in %3</source>
        <translation>%1 und %2 in %3</translation>
    </message>
    <message>
        <source>Pouch %1</source>
        <translation>Pouch %1</translation>
    </message>
    <message>
        <source>Restic backups for Pelican Wings game servers.</source>
        <translation>Restic-Sicherungen für Spieleserver unter Pelican Wings.</translation>
    </message>
    <message>
        <source>Documentation: %1</source>
        <translation>Dokumentation: %1</translation>
    </message>
    <message>
        <source>About Pouch</source>
        <translation>Über Pouch</translation>
    </message>
    <message>
        <source>Pouch shows a server for each folder in the volumes directory %1 that is named by the server&apos;s UUID, as Wings creates them (for example %1/%2). There are none there yet: check the volumes directory in Settings.</source>
        <translation>Pouch zeigt einen Server für jeden Ordner im Volumes-Verzeichnis %1, der nach der UUID des Servers benannt ist, so wie Wings sie anlegt (zum Beispiel %1/%2). Dort gibt es noch keinen: Prüfen Sie das Volumes-Verzeichnis in den Einstellungen.</translation>
    </message>
    <message>
        <source>Repository: none</source>
        <translation>Repository: keines</translation>
    </message>
    <message>
        <source>Pouch lists and backs up nothing without one. Enter the repository in Settings.</source>
        <translation>Ohne Repository zeigt und sichert Pouch nichts. Geben Sie das Repository in den Einstellungen ein.</translation>
    </message>
    <message>
        <source>Repository not answering · showing what it held at %1</source>
        <translation>Repository antwortet nicht · Stand von %1</translation>
    </message>
    <message>
        <source>Repository not answering</source>
        <translation>Repository antwortet nicht</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Look inside the selected snapshot: find, restore or download single files</source>
        <translation>In den gewählten Snapshot schauen: einzelne Dateien finden, wiederherstellen oder herunterladen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Nodes&lt;/b&gt;</source>
        <translation>&lt;b&gt;Knoten&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Add Node…</source>
        <translation>Knoten &amp;hinzufügen …</translation>
    </message>
    <message>
        <source>Add a headless Pouch node by its address and token</source>
        <translation>Einen Headless-Pouch-Knoten über Adresse und Token hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove Node…</source>
        <translation>Knoten &amp;entfernen …</translation>
    </message>
    <message>
        <source>Show the servers and snapshots of one node</source>
        <translation>Die Server und Snapshots eines Knotens zeigen</translation>
    </message>
    <message>
        <source>All nodes</source>
        <translation>Alle Knoten</translation>
    </message>
    <message>
        <source>No node</source>
        <translation>Kein Knoten</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The node went away.</source>
        <translation>Der Knoten ist weg.</translation>
    </message>
    <message>
        <source>The nodes&apos; tokens could not be read: %1</source>
        <translation>Die Tokens der Knoten konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Nodes cannot be added in this window (no saved settings).</source>
        <translation>In diesem Fenster können keine Knoten hinzugefügt werden (keine gespeicherten Einstellungen).</translation>
    </message>
    <message>
        <source>The node %1 could not be added: %2</source>
        <translation>Der Knoten %1 konnte nicht hinzugefügt werden: %2</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1 …</translation>
    </message>
    <message>
        <source>Remove Node</source>
        <translation>Knoten entfernen</translation>
    </message>
    <message>
        <source>Remove the node %1 from this console?</source>
        <translation>Den Knoten %1 aus dieser Konsole entfernen?</translation>
    </message>
    <message>
        <source>Its token is deleted from the keychain. The node itself and its backups are not touched.</source>
        <translation>Sein Token wird aus dem Schlüsselbund gelöscht. Der Knoten selbst und seine Backups bleiben unberührt.</translation>
    </message>
    <message>
        <source>The node %1 could not be removed: %2</source>
        <translation>Der Knoten %1 konnte nicht entfernt werden: %2</translation>
    </message>
    <message>
        <source>Re&amp;pository…</source>
        <translation>Re&amp;pository …</translation>
    </message>
    <message>
        <source>The repository&apos;s size, locks and last check; check, prune and unlock it</source>
        <translation>Größe, Sperren und letzte Prüfung des Repositorys; prüfen, bereinigen und entsperren</translation>
    </message>
    <message>
        <source>&amp;Growth…</source>
        <translation>&amp;Wachstum …</translation>
    </message>
    <message>
        <source>A chart of the server&apos;s snapshot sizes and what each backup added</source>
        <translation>Ein Diagramm der Snapshot-Größen des Servers und dessen, was jedes Backup hinzugefügt hat</translation>
    </message>
</context>
<context>
    <name>Node</name>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde …</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Nicht erreichbar</translation>
    </message>
    <message>
        <source>Wrong token</source>
        <translation>Falsches Token</translation>
    </message>
    <message>
        <source>Certificate not trusted</source>
        <translation>Zertifikat nicht vertrauenswürdig</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>Nicht verfügbar</translation>
    </message>
</context>
<context>
    <name>NodeApi</name>
    <message>
        <source>HTTP %1 without an error text</source>
        <translation>HTTP %1 ohne Fehlertext</translation>
    </message>
    <message>
        <source>The node&apos;s certificate has changed: it is now %1…, the trusted one was %2…. Trust the new one only if you know why it changed.</source>
        <translation>Das Zertifikat des Knotens hat sich geändert: jetzt %1 …, das vertraute war %2 …. Vertrauen Sie dem neuen nur, wenn Sie wissen, warum es sich geändert hat.</translation>
    </message>
    <message>
        <source>The node&apos;s certificate is not trusted by this computer (%1). SHA-256 fingerprint: %2.</source>
        <translation>Dieser Rechner vertraut dem Zertifikat des Knotens nicht (%1). SHA-256-Fingerabdruck: %2.</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>keine Antwort innerhalb von %1 s</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
</context>
<context>
    <name>NodeListModel</name>
    <message>
        <source>1 server</source>
        <translation>1 Server</translation>
    </message>
    <message numerus="yes">
        <source>%n servers</source>
        <translation>
            <numerusform>%n Server</numerusform>
            <numerusform>%n Server</numerusform>
        </translation>
    </message>
    <message>
        <source>1 job running</source>
        <translation>1 Auftrag läuft</translation>
    </message>
    <message numerus="yes">
        <source>%n jobs running</source>
        <translation>
            <numerusform>%n Auftrag läuft</numerusform>
            <numerusform>%n Aufträge laufen</numerusform>
        </translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Dieser Rechner</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Pouch %1 · restic %2</source>
        <translation>Pouch %1 · restic %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Repository: %1</source>
        <translation>Repository: %1</translation>
    </message>
</context>
<context>
    <name>NodeLock</name>
    <message>
        <source>Cannot take the lock %1; no jobs run here.</source>
        <translation>Die Sperre %1 kann nicht übernommen werden; hier laufen keine Aufträge.</translation>
    </message>
    <message>
        <source>A headless Pouch (pid %1) runs the jobs on %2; this one runs none while it does.</source>
        <translation>Ein Headless-Pouch (PID %1) führt die Aufträge in %2 aus; dieses führt währenddessen keine aus.</translation>
    </message>
    <message>
        <source>A desktop Pouch (pid %1) runs the jobs on %2; this one runs none while it does.</source>
        <translation>Ein Desktop-Pouch (PID %1) führt die Aufträge in %2 aus; dieses führt währenddessen keine aus.</translation>
    </message>
    <message>
        <source>Another Pouch (pid %1) runs the jobs on %2; this one runs none while it does.</source>
        <translation>Ein anderes Pouch (PID %1) führt die Aufträge in %2 aus; dieses führt währenddessen keine aus.</translation>
    </message>
</context>
<context>
    <name>NodeRegistry</name>
    <message>
        <source>Enter the node&apos;s address, for example https://node1.example.com:8095.</source>
        <translation>Geben Sie die Adresse des Knotens ein, zum Beispiel https://node1.example.com:8095.</translation>
    </message>
    <message>
        <source>Start the address with https:// (or http://), for example https://%1.</source>
        <translation>Beginnen Sie die Adresse mit https:// (oder http://), zum Beispiel https://%1.</translation>
    </message>
    <message>
        <source>“%1” is not a valid address: %2</source>
        <translation>„%1“ ist keine gültige Adresse: %2</translation>
    </message>
    <message>
        <source>A Pouch node is reached over https:// or http://, not %1://.</source>
        <translation>Ein Pouch-Knoten wird über https:// oder http:// erreicht, nicht über %1://.</translation>
    </message>
    <message>
        <source>The address has no host name.</source>
        <translation>Die Adresse hat keinen Hostnamen.</translation>
    </message>
    <message>
        <source>Leave the user name and password out of the address: the token has a field of its own.</source>
        <translation>Lassen Sie Benutzername und Passwort aus der Adresse weg: das Token hat ein eigenes Feld.</translation>
    </message>
    <message>
        <source>Give the node&apos;s base address only, without “%1”.</source>
        <translation>Geben Sie nur die Basisadresse des Knotens an, ohne „%1“.</translation>
    </message>
    <message>
        <source>Port 0 is not a port a node listens on.</source>
        <translation>Port 0 ist kein Port, auf dem ein Knoten lauscht.</translation>
    </message>
    <message>
        <source>Enter the node&apos;s token.</source>
        <translation>Geben Sie das Token des Knotens ein.</translation>
    </message>
    <message>
        <source>The token contains spaces or line breaks: paste it again without them.</source>
        <translation>Das Token enthält Leerzeichen oder Zeilenumbrüche: fügen Sie es ohne sie erneut ein.</translation>
    </message>
    <message>
        <source>No secret store is set up.</source>
        <translation>Es ist kein Geheimnisspeicher eingerichtet.</translation>
    </message>
    <message>
        <source>This is not a valid address: %1</source>
        <translation>Das ist keine gültige Adresse: %1</translation>
    </message>
    <message>
        <source>%1 is already in the list, as “%2”.</source>
        <translation>%1 ist bereits in der Liste, als „%2“.</translation>
    </message>
    <message>
        <source>%1 is being added or removed already.</source>
        <translation>%1 wird bereits hinzugefügt oder entfernt.</translation>
    </message>
    <message>
        <source>The pinned fingerprint is not a SHA-256 in lowercase hex.</source>
        <translation>Der festgelegte Fingerabdruck ist kein SHA-256 in kleinen Hexadezimalziffern.</translation>
    </message>
    <message>
        <source>The saved nodes are still being read; try again in a moment.</source>
        <translation>Die gespeicherten Knoten werden noch gelesen; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>No secret store is set up, so the token cannot be kept.</source>
        <translation>Es ist kein Geheimnisspeicher eingerichtet, daher kann das Token nicht aufbewahrt werden.</translation>
    </message>
    <message>
        <source>The node was not added: %1</source>
        <translation>Der Knoten wurde nicht hinzugefügt: %1</translation>
    </message>
    <message>
        <source>%1 is not in the list of nodes.</source>
        <translation>%1 ist nicht in der Liste der Knoten.</translation>
    </message>
    <message>
        <source>%1 is listed in %2 (console.nodes): remove it there.</source>
        <translation>%1 steht in %2 (console.nodes): entfernen Sie ihn dort.</translation>
    </message>
    <message>
        <source>No secret store is set up, so the token cannot be deleted.</source>
        <translation>Es ist kein Geheimnisspeicher eingerichtet, daher kann das Token nicht gelöscht werden.</translation>
    </message>
    <message>
        <source>The node was not removed: %1</source>
        <translation>Der Knoten wurde nicht entfernt: %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Pouch</source>
        <translation>Pouch</translation>
    </message>
    <message>
        <source>Cannot open the configuration: %1</source>
        <translation>Die Konfiguration kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Cannot set up the built-in repository: %1</source>
        <translation>Das eingebaute Repository kann nicht eingerichtet werden: %1</translation>
    </message>
    <message>
        <source>No keychain is available, so the repository password cannot be read. Start your keychain and restart Pouch, or store the secrets in a file in Settings.</source>
        <translation>Es ist kein Schlüsselbund verfügbar, daher kann das Repository-Passwort nicht gelesen werden. Starten Sie Ihren Schlüsselbund und Pouch neu, oder speichern Sie die Geheimnisse in den Einstellungen in einer Datei.</translation>
    </message>
    <message>
        <source>%1: line %2: the top level must be a mapping of keys</source>
        <translation>%1: Zeile %2: Die oberste Ebene muss eine Zuordnung von Schlüsseln sein</translation>
    </message>
    <message>
        <source>%1: line %2: key &apos;%3&apos;: %4</source>
        <translation>%1: Zeile %2: Schlüssel „%3“: %4</translation>
    </message>
    <message>
        <source>%1: line %2: invalid YAML: %3</source>
        <translation>%1: Zeile %2: ungültiges YAML: %3</translation>
    </message>
    <message>
        <source>%1: key &apos;%2&apos;: %3</source>
        <translation>%1: Schlüssel „%2“: %3</translation>
    </message>
    <message>
        <source>must be between 1 and 65535</source>
        <translation>muss zwischen 1 und 65535 liegen</translation>
    </message>
    <message>
        <source>must be at least 1 second</source>
        <translation>muss mindestens 1 Sekunde betragen</translation>
    </message>
    <message>
        <source>must be one of none, best_speed, best_compression</source>
        <translation>muss none, best_speed oder best_compression sein</translation>
    </message>
    <message>
        <source>must be an absolute path</source>
        <translation>muss ein absoluter Pfad sein</translation>
    </message>
    <message>
        <source>%1: the configuration file does not exist</source>
        <translation>%1: Die Konfigurationsdatei existiert nicht</translation>
    </message>
    <message>
        <source>%1: cannot read the configuration file: %2</source>
        <translation>%1: Die Konfigurationsdatei kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 holds secrets but is readable by other users; run: chmod 600 %1</source>
        <translation>%1 enthält Geheimnisse, ist aber für andere Benutzer lesbar; führen Sie aus: chmod 600 %1</translation>
    </message>
    <message>
        <source>Cannot create the volumes directory %1</source>
        <translation>Das Volumes-Verzeichnis %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Created the default configuration %1</source>
        <translation>Die Standardkonfiguration %1 wurde angelegt</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cancelled before it started</source>
        <translation>Abgebrochen, bevor er begann</translation>
    </message>
    <message>
        <source>The repository stayed locked for %1 s by another restic process: %2</source>
        <translation>Das Repository blieb %1 s lang durch einen anderen restic-Prozess gesperrt: %2</translation>
    </message>
    <message>
        <source>Cancelled while waiting for the repository lock</source>
        <translation>Abgebrochen während des Wartens auf die Repository-Sperre</translation>
    </message>
    <message>
        <source>Cannot start restic (&apos;%1&apos;): %2. Install restic or set system.backups.restic.binary_path.</source>
        <translation>restic („%1“) kann nicht gestartet werden: %2. Installieren Sie restic oder setzen Sie system.backups.restic.binary_path.</translation>
    </message>
    <message>
        <source>restic %1 was cancelled</source>
        <translation>restic %1 wurde abgebrochen</translation>
    </message>
    <message>
        <source>restic %1 did not finish within %2 s</source>
        <translation>restic %1 wurde nicht innerhalb von %2 s fertig</translation>
    </message>
    <message>
        <source>restic %1 was killed by a signal. %2</source>
        <translation>restic %1 wurde durch ein Signal beendet. %2</translation>
    </message>
    <message>
        <source>no message</source>
        <translation>keine Meldung</translation>
    </message>
    <message>
        <source>restic %1: wrong repository password (%2)</source>
        <translation>restic %1: falsches Repository-Passwort (%2)</translation>
    </message>
    <message>
        <source>restic %1: no repository at %2 (%3)</source>
        <translation>restic %1: kein Repository unter %2 (%3)</translation>
    </message>
    <message>
        <source>restic %1 failed (exit code %2): %3</source>
        <translation>restic %1 fehlgeschlagen (Exit-Code %2): %3</translation>
    </message>
    <message>
        <source>Cannot read restic&apos;s snapshot list: %1</source>
        <translation>Die Snapshot-Liste von restic kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot create the staging directory %1</source>
        <translation>Das Staging-Verzeichnis %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Cannot hand %1 to the server&apos;s owner: %2</source>
        <translation>%1 kann nicht dem Eigentümer des Servers übergeben werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the restored tree: %1</source>
        <translation>Der wiederhergestellte Baum kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot write the restore journal: %1</source>
        <translation>Das Wiederherstellungsjournal kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Cannot move %1 to %2: %3</source>
        <translation>%1 kann nicht nach %2 verschoben werden: %3</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The target directory %1 does not exist</source>
        <translation>Das Zielverzeichnis %1 existiert nicht</translation>
    </message>
    <message>
        <source>Rolled back an interrupted restore (%1 moves) in %2</source>
        <translation>Eine unterbrochene Wiederherstellung (%1 Verschiebungen) in %2 wurde zurückgerollt</translation>
    </message>
    <message>
        <source>Removed leftover staging directory %1</source>
        <translation>Übrig gebliebenes Staging-Verzeichnis %1 entfernt</translation>
    </message>
    <message>
        <source>the configuration</source>
        <translation>die Konfiguration</translation>
    </message>
    <message>
        <source>%1: system.backups.restic.enabled is not true, so there is no repository to back up to.</source>
        <translation>%1: system.backups.restic.enabled ist nicht true, daher gibt es kein Repository, in das gesichert werden kann.</translation>
    </message>
    <message>
        <source>%1: system.backups.restic.repository is missing.</source>
        <translation>%1: system.backups.restic.repository fehlt.</translation>
    </message>
    <message>
        <source>%1: system.backups.restic.password is missing.</source>
        <translation>%1: system.backups.restic.password fehlt.</translation>
    </message>
    <message>
        <source>restic %1 was stopped: the repository stopped answering (no progress for %2 s). restic&apos;s last words: %3</source>
        <translation>restic %1 wurde gestoppt: Das Repository antwortet nicht mehr (seit %2 s kein Fortschritt). Letzte Ausgabe von restic: %3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>must be one of auto, restore, dump</source>
        <translation>muss auto, restore oder dump sein</translation>
    </message>
    <message>
        <source>restic %1 was stopped: Pouch could not use its output</source>
        <translation>restic %1 wurde gestoppt: Pouch konnte seine Ausgabe nicht verwenden</translation>
    </message>
    <message>
        <source>%1 is in the way: it is not a directory in the server&apos;s files</source>
        <translation>%1 steht im Weg: In den Dateien des Servers ist es kein Ordner</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>%1 lässt sich nicht anlegen: %2</translation>
    </message>
    <message>
        <source>Both snapshots must be indexed.</source>
        <translation>Beide Snapshots müssen indiziert sein.</translation>
    </message>
    <message>
        <source>expected host:port (e.g. 0.0.0.0:8095 or [::]:8095), not &quot;%1&quot;</source>
        <translation>erwartet wird Host:Port (z. B. 0.0.0.0:8095 oder [::]:8095), nicht &quot;%1&quot;</translation>
    </message>
    <message>
        <source>ssl.cert and ssl.key go together: give both files, or neither</source>
        <translation>ssl.cert und ssl.key gehören zusammen: Geben Sie beide Dateien an oder keine</translation>
    </message>
    <message>
        <source>expected a list of nodes, each with a url</source>
        <translation>erwartet wird eine Liste von Nodes, jede mit einer url</translation>
    </message>
    <message>
        <source>expected a mapping with url and name</source>
        <translation>erwartet wird eine Zuordnung mit url und name</translation>
    </message>
    <message>
        <source>expected the node&apos;s http(s):// address, e.g. https://node1.example:8095</source>
        <translation>erwartet wird die http(s)://-Adresse der Node, z. B. https://node1.example:8095</translation>
    </message>
    <message>
        <source>must be 0 (off) or more days</source>
        <translation>muss 0 (aus) oder mehr Tage sein</translation>
    </message>
    <message>
        <source>must be 0 (a prune after every delete) or more deletes</source>
        <translation>muss 0 (Bereinigung nach jedem Löschen) oder mehr Löschungen sein</translation>
    </message>
    <message>
        <source>must be at least 16 characters</source>
        <translation>muss mindestens 16 Zeichen lang sein</translation>
    </message>
</context>
<context>
    <name>RemoteDownload</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>The download was cancelled.</source>
        <translation>Der Download wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The download was cut off: %1</source>
        <translation>Der Download brach ab: %1</translation>
    </message>
</context>
<context>
    <name>RemoteJobs</name>
    <message>
        <source>The node no longer knows this job; it may have been restarted.</source>
        <translation>Der Knoten kennt diesen Auftrag nicht mehr; vielleicht wurde er neu gestartet.</translation>
    </message>
</context>
<context>
    <name>RemoteNode</name>
    <message>
        <source>The node at %1 refused the token: %2</source>
        <translation>Der Knoten unter %1 hat das Token abgelehnt: %2</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2, but not as a Pouch node: is the URL the node&apos;s Pouch port?</source>
        <translation>%1 antwortete mit HTTP %2, aber nicht als Pouch-Knoten: ist die URL der Pouch-Port des Knotens?</translation>
    </message>
    <message>
        <source>The servers of %1 could not be listed.</source>
        <translation>Die Server von %1 konnten nicht aufgelistet werden.</translation>
    </message>
    <message>
        <source>The backup no longer exists.</source>
        <translation>Das Backup existiert nicht mehr.</translation>
    </message>
    <message>
        <source>The path %1 does not exist in this backup.</source>
        <translation>Der Pfad %1 existiert in diesem Backup nicht.</translation>
    </message>
    <message>
        <source>Only two backups of the same server can be compared.</source>
        <translation>Nur zwei Backups desselben Servers lassen sich vergleichen.</translation>
    </message>
</context>
<context>
    <name>RepositoryDialog</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>%1 on %2 (process %3, taken %4)</source>
        <translation>%1 auf %2 (Prozess %3, gesetzt %4)</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>Remove Stale Locks</source>
        <translation>Verwaiste Sperren entfernen</translation>
    </message>
    <message>
        <source>&amp;Node:</source>
        <translation>&amp;Knoten:</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>Zahlen</translation>
    </message>
    <message>
        <source>Repository:</source>
        <translation>Repository:</translation>
    </message>
    <message>
        <source>Restore size:</source>
        <translation>Wiederherstellungsgröße:</translation>
    </message>
    <message>
        <source>Stored size:</source>
        <translation>Gespeicherte Größe:</translation>
    </message>
    <message>
        <source>Snapshots:</source>
        <translation>Snapshots:</translation>
    </message>
    <message>
        <source>Servers backed up:</source>
        <translation>Gesicherte Server:</translation>
    </message>
    <message>
        <source>Last check:</source>
        <translation>Letzte Prüfung:</translation>
    </message>
    <message>
        <source>What restoring every snapshot would write: the sum of their sizes</source>
        <translation>Was das Wiederherstellen aller Snapshots schreiben würde: die Summe ihrer Größen</translation>
    </message>
    <message>
        <source>What the repository stores after deduplication and compression (restic&apos;s raw data)</source>
        <translation>Was das Repository nach Deduplizierung und Kompression speichert (restics Rohdaten)</translation>
    </message>
    <message>
        <source>Locks</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperre</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Gesetzt</translation>
    </message>
    <message>
        <source>Exclusive</source>
        <translation>Exklusiv</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>Verwaist</translation>
    </message>
    <message>
        <source>This node&apos;s</source>
        <translation>Dieses Knotens</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Wartung</translation>
    </message>
    <message>
        <source>&amp;Unlock…</source>
        <translation>&amp;Entsperren …</translation>
    </message>
    <message>
        <source>Remove this node&apos;s stale locks (left by a restic that was killed)</source>
        <translation>Verwaiste Sperren dieses Knotens entfernen (von einem beendeten restic zurückgelassen)</translation>
    </message>
    <message>
        <source>&amp;Check…</source>
        <translation>&amp;Prüfen …</translation>
    </message>
    <message>
        <source>Verify the repository&apos;s structure and, if you choose, part of its data</source>
        <translation>Die Struktur des Repositorys prüfen und, wenn gewünscht, einen Teil seiner Daten</translation>
    </message>
    <message>
        <source>&amp;Prune</source>
        <translation>&amp;Bereinigen</translation>
    </message>
    <message>
        <source>Free the space of deleted snapshots</source>
        <translation>Den Platz gelöschter Snapshots freigeben</translation>
    </message>
    <message>
        <source>C&amp;ancel Job</source>
        <translation>Auftrag &amp;abbrechen</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Repository of %1</source>
        <translation>Repository von %1</translation>
    </message>
    <message>
        <source>The node is still reading the repository. Try again in a moment.</source>
        <translation>Der Knoten liest das Repository noch. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Could not be read: %1</source>
        <translation>Konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>noch nicht gemessen</translation>
    </message>
    <message>
        <source>never checked from this node</source>
        <translation>von diesem Knoten nie geprüft</translation>
    </message>
    <message>
        <source>passed %1 (%2)</source>
        <translation>bestanden %1 (%2)</translation>
    </message>
    <message>
        <source>FAILED %1 (%2)</source>
        <translation>FEHLGESCHLAGEN %1 (%2)</translation>
    </message>
    <message>
        <source>The locks could not be listed: %1</source>
        <translation>Die Sperren konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>No locks: nothing is using the repository now.</source>
        <translation>Keine Sperren: nichts verwendet das Repository gerade.</translation>
    </message>
    <message>
        <source>Every lock is live: a backup, restore or maintenance is running.</source>
        <translation>Jede Sperre ist aktiv: ein Backup, eine Wiederherstellung oder Wartung läuft.</translation>
    </message>
    <message>
        <source>A stale lock of this node, left by a restic that did not end cleanly: Unlock removes it.</source>
        <translation>Eine verwaiste Sperre dieses Knotens, von einem nicht sauber beendeten restic zurückgelassen: Entsperren entfernt sie.</translation>
    </message>
    <message numerus="yes">
        <source>%n stale locks of this node, left by restic processes that did not end cleanly: Unlock removes them.</source>
        <translation>
            <numerusform>%n verwaiste Sperre dieses Knotens, von einem nicht sauber beendeten restic zurückgelassen: Entsperren entfernt sie.</numerusform>
            <numerusform>%n verwaiste Sperren dieses Knotens, von nicht sauber beendeten restic-Prozessen zurückgelassen: Entsperren entfernt sie.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stale locks of other hosts: %n. Only those hosts (or restic unlock, run by a person who knows they are dead) should remove them.</source>
        <translation>
            <numerusform>Verwaiste Sperren anderer Hosts: %n. Nur diese Hosts (oder restic unlock, von jemandem ausgeführt, der weiß, dass sie tot sind) sollten sie entfernen.</numerusform>
            <numerusform>Verwaiste Sperren anderer Hosts: %n. Nur diese Hosts (oder restic unlock, von jemandem ausgeführt, der weiß, dass sie tot sind) sollten sie entfernen.</numerusform>
        </translation>
    </message>
    <message>
        <source>This node has no stale locks to remove.</source>
        <translation>Dieser Knoten hat keine verwaisten Sperren zu entfernen.</translation>
    </message>
    <message>
        <source>These stale locks of this node (%1) will be removed:

%2</source>
        <translation>Diese verwaisten Sperren dieses Knotens (%1) werden entfernt:

%2</translation>
    </message>
    <message>
        <source>1 other lock is kept: live locks and the locks of other hosts are never removed.</source>
        <translation>1 andere Sperre bleibt: aktive Sperren und die Sperren anderer Hosts werden nie entfernt.</translation>
    </message>
    <message numerus="yes">
        <source>%n other locks are kept: live locks and the locks of other hosts are never removed.</source>
        <translation>
            <numerusform>%n andere Sperre bleibt: aktive Sperren und die Sperren anderer Hosts werden nie entfernt.</numerusform>
            <numerusform>%n andere Sperren bleiben: aktive Sperren und die Sperren anderer Hosts werden nie entfernt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Live locks and the locks of other hosts are never removed.</source>
        <translation>Aktive Sperren und die Sperren anderer Hosts werden nie entfernt.</translation>
    </message>
    <message>
        <source>Removing stale locks…</source>
        <translation>Entferne verwaiste Sperren …</translation>
    </message>
    <message>
        <source>No lock was removed: they were no longer stale or already gone.</source>
        <translation>Keine Sperre wurde entfernt: sie waren nicht mehr verwaist oder schon weg.</translation>
    </message>
    <message>
        <source>Removed 1 stale lock.</source>
        <translation>1 verwaiste Sperre entfernt.</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n stale locks.</source>
        <translation>
            <numerusform>%n verwaiste Sperre entfernt.</numerusform>
            <numerusform>%n verwaiste Sperren entfernt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was removed: %1</source>
        <translation>Nichts wurde entfernt: %1</translation>
    </message>
    <message>
        <source>Check the Repository</source>
        <translation>Das Repository prüfen</translation>
    </message>
    <message>
        <source>Read part of the data as well? Leave empty to check the structure only, or enter restic&apos;s read-data subset: a percentage (5%), a part (1/10) or a size (500M).</source>
        <translation>Auch einen Teil der Daten lesen? Leer lassen, um nur die Struktur zu prüfen, oder restics Read-Data-Subset eingeben: einen Prozentsatz (5%), einen Teil (1/10) oder eine Größe (500M).</translation>
    </message>
    <message>
        <source>The check did not start: %1</source>
        <translation>Die Prüfung startete nicht: %1</translation>
    </message>
    <message>
        <source>The prune did not start: %1</source>
        <translation>Die Bereinigung startete nicht: %1</translation>
    </message>
    <message>
        <source>Checking the repository</source>
        <translation>Prüfe das Repository</translation>
    </message>
    <message>
        <source>Pruning the repository</source>
        <translation>Bereinige das Repository</translation>
    </message>
    <message>
        <source>%1: waiting for the repository&apos;s lock…</source>
        <translation>%1: warte auf die Sperre des Repositorys …</translation>
    </message>
    <message>
        <source>%1: %2%</source>
        <translation>%1: %2 %</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1 …</translation>
    </message>
    <message>
        <source>Check passed: restic found no errors.</source>
        <translation>Prüfung bestanden: restic fand keine Fehler.</translation>
    </message>
    <message>
        <source>Prune finished.</source>
        <translation>Bereinigung beendet.</translation>
    </message>
    <message>
        <source>The check was cancelled.</source>
        <translation>Die Prüfung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The prune was cancelled.</source>
        <translation>Die Bereinigung wurde abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weiterer</numerusform>
            <numerusform>… und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Check failed:</source>
        <translation>Prüfung fehlgeschlagen:</translation>
    </message>
    <message>
        <source>Prune failed:</source>
        <translation>Bereinigung fehlgeschlagen:</translation>
    </message>
</context>
<context>
    <name>ResticCommand</name>
    <message>
        <source>In n/t, n and t must be positive and n at most t (e.g. 1/5).</source>
        <translation>In n/t müssen n und t positiv sein und n höchstens t (z. B. 1/5).</translation>
    </message>
    <message>
        <source>In n/t, t must be at most 256.</source>
        <translation>In n/t darf t höchstens 256 sein.</translation>
    </message>
    <message>
        <source>A percentage must be above 0% and at most 100%.</source>
        <translation>Ein Prozentsatz muss über 0 % und höchstens 100 % sein.</translation>
    </message>
    <message>
        <source>A size must be above zero.</source>
        <translation>Eine Größe muss über null liegen.</translation>
    </message>
    <message>
        <source>Expected n/t (e.g. 1/5), a percentage (e.g. 5% or 2.5%) or a size with its unit (e.g. 500M or 2G).</source>
        <translation>Erwartet wird n/t (z. B. 1/5), ein Prozentsatz (z. B. 5% oder 2.5%) oder eine Größe mit Einheit (z. B. 500M oder 2G).</translation>
    </message>
</context>
<context>
    <name>RestoreWizard</name>
    <message>
        <source>Choose a snapshot</source>
        <translation>Snapshot wählen</translation>
    </message>
    <message>
        <source>The snapshot whose files you want back.</source>
        <translation>Der Snapshot, dessen Dateien Sie zurückhaben möchten.</translation>
    </message>
    <message>
        <source>Filter by backup UUID, snapshot id or server</source>
        <translation>Nach Sicherungs-UUID, Snapshot-ID oder Server filtern</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>Backup:</source>
        <translation>Sicherung:</translation>
    </message>
    <message>
        <source>Taken:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>Contents:</source>
        <translation>Inhalt:</translation>
    </message>
    <message>
        <source>Reading the snapshots from the repository…</source>
        <translation>Die Snapshots werden aus dem Repository gelesen …</translation>
    </message>
    <message>
        <source>Could not read the snapshots: %1</source>
        <translation>Die Snapshots konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The repository has no snapshots yet.</source>
        <translation>Das Repository enthält noch keine Snapshots.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 in %2 files</source>
        <translation>%1 in %2 Dateien</translation>
    </message>
    <message>
        <source>Normally the server the snapshot came from. Another server gets a copy of these files.</source>
        <translation>Normalerweise der Server, von dem der Snapshot stammt. Ein anderer Server erhält eine Kopie dieser Dateien.</translation>
    </message>
    <message>
        <source>Restore &amp;into:</source>
        <translation>Wiederherstellen &amp;in:</translation>
    </message>
    <message>
        <source>Snapshot %1 of server %2, taken %3.</source>
        <translation>Snapshot %1 von Server %2, erstellt %3.</translation>
    </message>
    <message>
        <source>%1 (where the snapshot came from)</source>
        <translation>%1 (Herkunft des Snapshots)</translation>
    </message>
    <message>
        <source>There are no server directories under %1, so there is nothing to restore into.</source>
        <translation>Unter %1 gibt es keine Serververzeichnisse, in die wiederhergestellt werden könnte.</translation>
    </message>
    <message>
        <source>Server %1 no longer has a directory on this machine: choose another one.</source>
        <translation>Server %1 hat auf diesem Rechner kein Verzeichnis mehr: Wählen Sie einen anderen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cross-server restore.&lt;/b&gt; The files of server %1 will be written into server %2.</source>
        <translation>&lt;b&gt;Serverübergreifende Wiederherstellung.&lt;/b&gt; Die Dateien von Server %1 werden in Server %2 geschrieben.</translation>
    </message>
    <message>
        <source>&amp;Delete the target&apos;s current files first</source>
        <translation>Aktuelle Dateien des Ziels zuerst &amp;löschen</translation>
    </message>
    <message>
        <source>(counting…)</source>
        <translation>(wird gezählt …)</translation>
    </message>
    <message>
        <source>1 file</source>
        <translation>1 Datei</translation>
    </message>
    <message numerus="yes">
        <source>%n files</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>Unticked, the snapshot&apos;s files overwrite files of the same name, and the other files in server %1 stay as they are.</source>
        <translation>Ohne Haken überschreiben die Dateien des Snapshots gleichnamige Dateien; die übrigen Dateien in Server %1 bleiben, wie sie sind.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Everything in server %1 is deleted before the restore:&lt;/b&gt; it holds %2 now, in %3. Only the snapshot&apos;s files will be there afterwards.</source>
        <translation>&lt;b&gt;Vor der Wiederherstellung wird alles in Server %1 gelöscht:&lt;/b&gt; Er enthält jetzt %2 in %3. Danach sind nur noch die Dateien des Snapshots vorhanden.</translation>
    </message>
    <message>
        <source>Ready to restore</source>
        <translation>Bereit zur Wiederherstellung</translation>
    </message>
    <message>
        <source>Check the details, then start the restore.</source>
        <translation>Prüfen Sie die Angaben und starten Sie dann die Wiederherstellung.</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>%1, taken %2</source>
        <translation>%1, erstellt %2</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>From server</source>
        <translation>Von Server</translation>
    </message>
    <message>
        <source>Into server</source>
        <translation>In Server</translation>
    </message>
    <message>
        <source>Current files</source>
        <translation>Aktuelle Dateien</translation>
    </message>
    <message>
        <source>kept; files of the same name are overwritten</source>
        <translation>bleiben erhalten; gleichnamige Dateien werden überschrieben</translation>
    </message>
    <message>
        <source>The restore could not start: %1</source>
        <translation>Die Wiederherstellung konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Wiederherstellung läuft</translation>
    </message>
    <message>
        <source>&amp;Cancel restore</source>
        <translation>Wiederherstellung &amp;abbrechen</translation>
    </message>
    <message>
        <source>You can close this window: the restore keeps running and shows in the Jobs panel.</source>
        <translation>Sie können dieses Fenster schließen: Die Wiederherstellung läuft weiter und erscheint unter „Aufträge“.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>Snapshot %1 into server %2.</source>
        <translation>Snapshot %1 in Server %2.</translation>
    </message>
    <message>
        <source>Waiting for another job on this server to finish…</source>
        <translation>Wartet, bis ein anderer Auftrag auf diesem Server fertig ist …</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Wird wiederhergestellt …</translation>
    </message>
    <message>
        <source> · %1 left</source>
        <translation> · noch %1</translation>
    </message>
    <message>
        <source>Restore finished</source>
        <translation>Wiederherstellung abgeschlossen</translation>
    </message>
    <message>
        <source>The files of snapshot %1 are now in server %2.</source>
        <translation>Die Dateien von Snapshot %1 liegen jetzt in Server %2.</translation>
    </message>
    <message>
        <source>Restore cancelled</source>
        <translation>Wiederherstellung abgebrochen</translation>
    </message>
    <message>
        <source>The restore was cancelled. The server&apos;s files are unchanged.</source>
        <translation>Die Wiederherstellung wurde abgebrochen. Die Dateien des Servers sind unverändert.</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Wiederherstellung fehlgeschlagen</translation>
    </message>
    <message>
        <source>The restore failed: %1</source>
        <translation>Die Wiederherstellung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Restore a Backup</source>
        <translation>Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>The repository was closed when the settings changed. Close this window and start the restore again.</source>
        <translation>Das Repository wurde beim Ändern der Einstellungen geschlossen. Schließen Sie dieses Fenster und starten Sie die Wiederherstellung erneut.</translation>
    </message>
    <message>
        <source>(cross-server restore)</source>
        <translation>(serverübergreifende Wiederherstellung)</translation>
    </message>
    <message>
        <source>deleted first</source>
        <translation>werden zuerst gelöscht</translation>
    </message>
    <message>
        <source>The repository was closed when the settings changed.</source>
        <translation>Das Repository wurde beim Ändern der Einstellungen geschlossen.</translation>
    </message>
    <message>
        <source>The settings changed: these are the snapshots of the repository now in use.</source>
        <translation>Die Einstellungen haben sich geändert: Dies sind die Snapshots des jetzt verwendeten Repositorys.</translation>
    </message>
    <message>
        <source>Choose where to restore</source>
        <translation>Ziel der Wiederherstellung wählen</translation>
    </message>
    <message>
        <source>Files already in the server</source>
        <translation>Dateien, die schon im Server liegen</translation>
    </message>
    <message>
        <source>restic writes the files into a staging directory beside the volumes first; they go into the server only once the whole snapshot is there. A failed or cancelled restore leaves the server&apos;s files as they were.</source>
        <translation>restic schreibt die Dateien zuerst in ein Staging-Verzeichnis neben den Volumes; in den Server kommen sie erst, wenn der ganze Snapshot dort ist. Eine fehlgeschlagene oder abgebrochene Wiederherstellung lässt die Dateien des Servers, wie sie waren.</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 und %n weiteres</numerusform>
            <numerusform>%1 und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Where in the server</source>
        <translation>Wo im Server</translation>
    </message>
    <message>
        <source>&amp;Same place: each item replaces the one at its path</source>
        <translation>&amp;Gleiche Stelle: Jedes Element ersetzt das an seinem Pfad</translation>
    </message>
    <message>
        <source>Into a &amp;folder of the server:</source>
        <translation>In einen &amp;Ordner des Servers:</translation>
    </message>
    <message>
        <source>Ticked: %1. From snapshot %2 of server %3, taken %4.</source>
        <translation>Angehakt: %1. Aus Snapshot %2 von Server %3, aufgenommen %4.</translation>
    </message>
    <message>
        <source>Enter the folder, relative to the server&apos;s root, such as /restored.</source>
        <translation>Geben Sie den Ordner relativ zur Wurzel des Servers an, etwa /restored.</translation>
    </message>
    <message>
        <source>Counting the files these items replace…</source>
        <translation>Die Dateien, die diese Elemente ersetzen, werden gezählt…</translation>
    </message>
    <message>
        <source>Nothing is at these paths in server %1 yet: no file will be replaced.</source>
        <translation>An diesen Pfaden liegt in Server %1 noch nichts: Keine Datei wird ersetzt.</translation>
    </message>
    <message>
        <source>Nothing is at these paths under %2 in server %1 yet: no file will be replaced.</source>
        <translation>An diesen Pfaden unter %2 liegt in Server %1 noch nichts: Keine Datei wird ersetzt.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 in server %2 will be replaced&lt;/b&gt; by the snapshot&apos;s. A ticked folder is restored whole: files in it that the snapshot does not have are removed.</source>
        <translation>&lt;b&gt;%1 in Server %2 werden ersetzt&lt;/b&gt;, durch die des Snapshots. Ein angehakter Ordner wird ganz wiederhergestellt: Dateien darin, die der Snapshot nicht hat, werden entfernt.</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wohin</translation>
    </message>
    <message>
        <source>the same place, each at its path</source>
        <translation>an die gleiche Stelle, jedes an seinen Pfad</translation>
    </message>
    <message>
        <source>under the folder %1</source>
        <translation>unter den Ordner %1</translation>
    </message>
    <message>
        <source>those at these paths are replaced; everything else stays as it is</source>
        <translation>was an diesen Pfaden liegt, wird ersetzt; alles andere bleibt, wie es ist</translation>
    </message>
    <message>
        <source>restic writes the items into a staging directory beside the volumes first; they go into the server only once every one of them is there. A failed or cancelled restore leaves the server&apos;s files as they were.</source>
        <translation>restic schreibt die Elemente zuerst in ein Zwischenverzeichnis neben den Volumes; in den Server kommen sie erst, wenn jedes davon da ist. Eine fehlgeschlagene oder abgebrochene Wiederherstellung lässt die Dateien des Servers, wie sie waren.</translation>
    </message>
    <message>
        <source>%1 from snapshot %2 are now in server %3.</source>
        <translation>%1 aus Snapshot %2 sind jetzt in Server %3.</translation>
    </message>
    <message>
        <source>Restore Selected Files</source>
        <translation>Ausgewählte Dateien wiederherstellen</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>The node has no servers to restore into.</source>
        <translation>Der Knoten hat keine Server, in die wiederhergestellt werden kann.</translation>
    </message>
    <message>
        <source>Not offered: %1 (another repository; a node can only restore snapshots of the repository it uses).</source>
        <translation>Nicht angeboten: %1 (ein anderes Repository; ein Knoten kann nur Snapshots des Repositorys wiederherstellen, das er verwendet).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cross-node restore.&lt;/b&gt; The files of server %1 on %2 will be written into server %3 on %4. Both nodes use the repository %5.</source>
        <translation>&lt;b&gt;Wiederherstellung über Knoten hinweg.&lt;/b&gt; Die Dateien von Server %1 auf %2 werden in Server %3 auf %4 geschrieben. Beide Knoten verwenden das Repository %5.</translation>
    </message>
    <message>
        <source>files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>&lt;b&gt;Everything in server %1 is deleted before the restore.&lt;/b&gt; Only the snapshot&apos;s files will be there afterwards.</source>
        <translation>&lt;b&gt;Alles in Server %1 wird vor der Wiederherstellung gelöscht.&lt;/b&gt; Danach sind nur die Dateien des Snapshots dort.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The items at these paths in server %1 will be replaced&lt;/b&gt; by the snapshot&apos;s. A ticked folder is restored whole: files in it that the snapshot does not have are removed.</source>
        <translation>&lt;b&gt;Die Einträge unter diesen Pfaden in Server %1 werden&lt;/b&gt; durch die des Snapshots &lt;b&gt;ersetzt&lt;/b&gt;. Ein angehakter Ordner wird ganz wiederhergestellt: Dateien darin, die der Snapshot nicht hat, werden entfernt.</translation>
    </message>
    <message>
        <source>(cross-node restore)</source>
        <translation>(Wiederherstellung über Knoten hinweg)</translation>
    </message>
    <message>
        <source>Asking %1 to start the restore…</source>
        <translation>Bitte %1, die Wiederherstellung zu starten …</translation>
    </message>
    <message>
        <source>The node went away.</source>
        <translation>Der Knoten ist weg.</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>There is no D-Bus session bus, so no keychain can be reached.</source>
        <translation>Es gibt keinen D-Bus-Sitzungsbus, daher ist kein Schlüsselbund erreichbar.</translation>
    </message>
    <message>
        <source>No keychain (Secret Service or KWallet) is running on the session bus.</source>
        <translation>Auf dem Sitzungsbus läuft kein Schlüsselbund (Secret Service oder KWallet).</translation>
    </message>
    <message>
        <source>Could not read “%1” from the keychain: %2</source>
        <translation>„%1“ konnte nicht aus dem Schlüsselbund gelesen werden: %2</translation>
    </message>
    <message>
        <source>Could not store “%1” in the keychain: %2</source>
        <translation>„%1“ konnte nicht im Schlüsselbund gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is not a valid secrets file: %2</source>
        <translation>%1 ist keine gültige Geheimnisdatei: %2</translation>
    </message>
    <message>
        <source>Cannot create the directory %1</source>
        <translation>Das Verzeichnis %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>ServerListModel</name>
    <message>
        <source>No snapshots yet</source>
        <translation>Noch keine Snapshots</translation>
    </message>
    <message>
        <source>All servers</source>
        <translation>Alle Server</translation>
    </message>
    <message>
        <source>Snapshots of every server in the repository</source>
        <translation>Snapshots aller Server im Repository</translation>
    </message>
    <message>
        <source>%1
Known only from its snapshots: it has no directory on this machine.</source>
        <translation>%1
Nur aus seinen Snapshots bekannt: Er hat auf diesem Rechner kein Verzeichnis.</translation>
    </message>
    <message>
        <source>%1
Last backup: %2</source>
        <translation>%1
Letzte Sicherung: %2</translation>
    </message>
    <message>
        <source>1 snapshot · not on this machine</source>
        <translation>1 Snapshot · nicht auf diesem Rechner</translation>
    </message>
    <message numerus="yes">
        <source>%n snapshots · not on this machine</source>
        <translation>
            <numerusform>%n Snapshot · nicht auf diesem Rechner</numerusform>
            <numerusform>%n Snapshots · nicht auf diesem Rechner</numerusform>
        </translation>
    </message>
    <message>
        <source>1 snapshot · last backup %1</source>
        <translation>1 Snapshot · letzte Sicherung %1</translation>
    </message>
    <message numerus="yes">
        <source>%n snapshots · last backup %1</source>
        <translation>
            <numerusform>%n Snapshot · letzte Sicherung %1</numerusform>
            <numerusform>%n Snapshots · letzte Sicherung %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1
No backup for more than %n hours (the threshold for a stale server).</source>
        <translation>
            <numerusform>%1
Kein Backup seit mehr als %n Stunde (die Schwelle für einen veralteten Server).</numerusform>
            <numerusform>%1
Kein Backup seit mehr als %n Stunden (die Schwelle für einen veralteten Server).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Pouch Settings</source>
        <translation>Pouch-Einstellungen</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>s3:https://s3.example.com/bucket/pouch or /srv/restic</source>
        <translation>s3:https://s3.example.com/bucket/pouch oder /srv/restic</translation>
    </message>
    <message>
        <source>Choose a CA certificate</source>
        <translation>CA-Zertifikat wählen</translation>
    </message>
    <message>
        <source>Optional: PEM file for a private S3 endpoint</source>
        <translation>Optional: PEM-Datei für einen privaten S3-Endpunkt</translation>
    </message>
    <message>
        <source>Repository &amp;URL:</source>
        <translation>Repository-&amp;URL:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>CA &amp;certificate:</source>
        <translation>CA-&amp;Zertifikat:</translation>
    </message>
    <message>
        <source>S3 credentials</source>
        <translation>S3-Zugangsdaten</translation>
    </message>
    <message>
        <source>e.g. us-east-1</source>
        <translation>z. B. eu-central-1</translation>
    </message>
    <message>
        <source>Access &amp;key ID:</source>
        <translation>Zugriffs&amp;schlüssel-ID:</translation>
    </message>
    <message>
        <source>&amp;Secret access key:</source>
        <translation>&amp;Geheimer Zugriffsschlüssel:</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>Regi&amp;on:</translation>
    </message>
    <message>
        <source>This machine</source>
        <translation>Dieser Rechner</translation>
    </message>
    <message>
        <source>Choose the restic program</source>
        <translation>restic-Programm wählen</translation>
    </message>
    <message>
        <source>Choose the restic cache directory</source>
        <translation>restic-Cache-Verzeichnis wählen</translation>
    </message>
    <message>
        <source>Choose the servers&apos; volumes directory</source>
        <translation>Volumes-Verzeichnis der Server wählen</translation>
    </message>
    <message>
        <source>Only needed to talk to the Panel</source>
        <translation>Nur für die Verbindung zum Panel nötig</translation>
    </message>
    <message>
        <source>&amp;restic program:</source>
        <translation>&amp;restic-Programm:</translation>
    </message>
    <message>
        <source>Cac&amp;he directory:</source>
        <translation>Cac&amp;he-Verzeichnis:</translation>
    </message>
    <message>
        <source>&amp;Volumes directory:</source>
        <translation>&amp;Volumes-Verzeichnis:</translation>
    </message>
    <message>
        <source>Wings API &amp;token:</source>
        <translation>Wings-API-&amp;Token:</translation>
    </message>
    <message>
        <source>Where secrets are kept</source>
        <translation>Wo Geheimnisse gespeichert werden</translation>
    </message>
    <message>
        <source>&amp;Import from Wings config.yml…</source>
        <translation>Aus Wings-config.yml &amp;importieren …</translation>
    </message>
    <message>
        <source>Import a Wings configuration</source>
        <translation>Wings-Konfiguration importieren</translation>
    </message>
    <message>
        <source>YAML files (*.yml *.yaml);;All files (*)</source>
        <translation>YAML-Dateien (*.yml *.yaml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>The password, the secret access key and the API token are stored in your desktop&apos;s keychain, never in a plain file.</source>
        <translation>Das Passwort, der geheime Zugriffsschlüssel und das API-Token werden im Schlüsselbund Ihres Desktops gespeichert, nie in einer einfachen Datei.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No keychain is available.&lt;/b&gt; %1 Start one (for example GNOME Keyring or KWallet) and reopen this dialog, or store the secrets in a file only you can read.</source>
        <translation>&lt;b&gt;Kein Schlüsselbund verfügbar.&lt;/b&gt; %1 Starten Sie einen (zum Beispiel GNOME Keyring oder KWallet) und öffnen Sie diesen Dialog erneut, oder speichern Sie die Geheimnisse in einer Datei, die nur Sie lesen können.</translation>
    </message>
    <message>
        <source>Store the secrets in %1 (mode 0600)</source>
        <translation>Geheimnisse in %1 speichern (Modus 0600)</translation>
    </message>
    <message>
        <source>Could not import: %1</source>
        <translation>Import fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Imported from %1. Check the values, then save.</source>
        <translation>Aus %1 importiert. Prüfen Sie die Werte und speichern Sie dann.</translation>
    </message>
    <message>
        <source>Enter the repository URL.</source>
        <translation>Geben Sie die Repository-URL ein.</translation>
    </message>
    <message>
        <source>Enter the repository password.</source>
        <translation>Geben Sie das Repository-Passwort ein.</translation>
    </message>
    <message>
        <source>No keychain is available: tick “Store the secrets in a file” to save, or start a keychain.</source>
        <translation>Kein Schlüsselbund verfügbar: Setzen Sie den Haken bei „Geheimnisse in … speichern“ oder starten Sie einen Schlüsselbund.</translation>
    </message>
    <message>
        <source>Sho&amp;w passwords and keys</source>
        <translation>Passwörter und Schlüssel an&amp;zeigen</translation>
    </message>
</context>
<context>
    <name>SnapshotArchive</name>
    <message>
        <source>The download was cancelled.</source>
        <translation>Das Herunterladen wurde abgebrochen.</translation>
    </message>
    <message>
        <source>restic could not read the snapshot: %1</source>
        <translation>restic konnte den Snapshot nicht lesen: %1</translation>
    </message>
    <message>
        <source>Cannot start the archive: %1</source>
        <translation>Das Archiv lässt sich nicht beginnen: %1</translation>
    </message>
    <message>
        <source>Cannot add %1 to the archive: %2</source>
        <translation>%1 lässt sich nicht zum Archiv hinzufügen: %2</translation>
    </message>
    <message>
        <source>restic gave %1 bytes of %2, the file index says %3</source>
        <translation>restic lieferte %1 Bytes von %2, der Dateiindex nennt %3</translation>
    </message>
    <message>
        <source>restic&apos;s dump is not a tar stream: %1</source>
        <translation>Die Ausgabe von restic dump ist kein tar-Strom: %1</translation>
    </message>
    <message>
        <source>restic&apos;s dump is damaged: %1</source>
        <translation>Die Ausgabe von restic dump ist beschädigt: %1</translation>
    </message>
    <message>
        <source>restic&apos;s dump holds a name outside %1, nothing more was archived: %2</source>
        <translation>Die Ausgabe von restic dump enthält einen Namen außerhalb von %1, nichts weiter wurde archiviert: %2</translation>
    </message>
    <message>
        <source>restic&apos;s dump links %1 to %2, outside the archive</source>
        <translation>Die Ausgabe von restic dump verknüpft %1 mit %2, außerhalb des Archivs</translation>
    </message>
    <message>
        <source>restic&apos;s dump is damaged at %1: %2</source>
        <translation>Die Ausgabe von restic dump ist bei %1 beschädigt: %2</translation>
    </message>
    <message>
        <source>%1 is a device, fifo or socket, which an archive cannot hold.</source>
        <translation>%1 ist ein Gerät, eine FIFO oder ein Socket; das kann ein Archiv nicht aufnehmen.</translation>
    </message>
    <message>
        <source>Cannot finish the archive: %1</source>
        <translation>Das Archiv lässt sich nicht abschließen: %1</translation>
    </message>
    <message>
        <source>The archive could not be made.</source>
        <translation>Das Archiv konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <source>The snapshot has no path to archive.</source>
        <translation>Der Snapshot hat keinen Pfad zum Archivieren.</translation>
    </message>
    <message>
        <source>The path to archive is not relative to the server&apos;s root.</source>
        <translation>Der zu archivierende Pfad ist nicht relativ zur Wurzel des Servers.</translation>
    </message>
    <message>
        <source>Cannot write the archive: %1</source>
        <translation>Das Archiv lässt sich nicht schreiben: %1</translation>
    </message>
</context>
<context>
    <name>SnapshotBrowser</name>
    <message>
        <source>S&amp;napshot:</source>
        <translation>S&amp;napshot:</translation>
    </message>
    <message>
        <source>Find a file or folder by name in every snapshot of this server</source>
        <translation>Eine Datei oder einen Ordner nach Namen in jedem Snapshot dieses Servers finden</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>&amp;Finden:</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Click a match to show it in the tree below.</source>
        <translation>Klicken Sie auf einen Treffer, um ihn unten im Baum zu zeigen.</translation>
    </message>
    <message>
        <source>&amp;Restore Selected…</source>
        <translation>Auswahl &amp;wiederherstellen…</translation>
    </message>
    <message>
        <source>C&amp;ompare With…</source>
        <translation>&amp;Vergleichen mit…</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Herunterladen…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Snapshot %1 of server %2</source>
        <translation>Snapshot %1 von Server %2</translation>
    </message>
    <message>
        <source>Server %1 · %2</source>
        <translation>Server %1 · %2</translation>
    </message>
    <message>
        <source>Backup %1
Snapshot %2</source>
        <translation>Sicherung %1
Snapshot %2</translation>
    </message>
    <message>
        <source>Tick files and folders to restore just those.</source>
        <translation>Haken Sie Dateien und Ordner an, um nur diese wiederherzustellen.</translation>
    </message>
    <message>
        <source>1 item ticked: %1</source>
        <translation>1 Element angehakt: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n items ticked</source>
        <translation>
            <numerusform>%n Element angehakt</numerusform>
            <numerusform>%n Elemente angehakt</numerusform>
        </translation>
    </message>
    <message>
        <source>Tick the files and folders to restore first</source>
        <translation>Haken Sie zuerst die Dateien und Ordner an, die wiederhergestellt werden sollen</translation>
    </message>
    <message>
        <source>Restore the ticked files and folders into a server</source>
        <translation>Die angehakten Dateien und Ordner in einen Server wiederherstellen</translation>
    </message>
    <message>
        <source>What changed between this snapshot and another of the server</source>
        <translation>Was sich zwischen diesem und einem anderen Snapshot des Servers geändert hat</translation>
    </message>
    <message>
        <source>The server has no other snapshot to compare with</source>
        <translation>Der Server hat keinen anderen Snapshot zum Vergleichen</translation>
    </message>
    <message>
        <source>Download the whole snapshot as an archive</source>
        <translation>Den ganzen Snapshot als Archiv herunterladen</translation>
    </message>
    <message>
        <source>Download %1 as an archive</source>
        <translation>%1 als Archiv herunterladen</translation>
    </message>
    <message>
        <source>Type at least %1 characters.</source>
        <translation>Geben Sie mindestens %1 Zeichen ein.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Wird gesucht…</translation>
    </message>
    <message>
        <source>The catalogue is still being built; try again in a moment.</source>
        <translation>Der Katalog wird noch aufgebaut; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Die Suche ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Nothing called “%1” in any snapshot of this server.</source>
        <translation>Nichts namens „%1“ in einem Snapshot dieses Servers.</translation>
    </message>
    <message>
        <source>The first %1 matches, newest snapshot first: type more to narrow them.</source>
        <translation>Die ersten %1 Treffer, neuester Snapshot zuerst: Tippen Sie mehr, um sie einzugrenzen.</translation>
    </message>
    <message>
        <source>1 match in %1. Click it to show it in the tree.</source>
        <translation>1 Treffer in %1. Klicken Sie darauf, um ihn im Baum zu zeigen.</translation>
    </message>
    <message numerus="yes">
        <source>%n matches in %1, newest snapshot first. Click one to show it in the tree.</source>
        <translation>
            <numerusform>%n Treffer in %1, neuester Snapshot zuerst. Klicken Sie darauf, um ihn im Baum zu zeigen.</numerusform>
            <numerusform>%n Treffer in %1, neuester Snapshot zuerst. Klicken Sie auf einen, um ihn im Baum zu zeigen.</numerusform>
        </translation>
    </message>
    <message>
        <source>1 snapshot</source>
        <translation>1 Snapshot</translation>
    </message>
    <message numerus="yes">
        <source>%n snapshots</source>
        <translation>
            <numerusform>%n Snapshot</numerusform>
            <numerusform>%n Snapshots</numerusform>
        </translation>
    </message>
    <message>
        <source>1 snapshot still being indexed was left out.</source>
        <translation>1 Snapshot, der noch indiziert wird, wurde ausgelassen.</translation>
    </message>
    <message numerus="yes">
        <source>%n snapshots still being indexed were left out.</source>
        <translation>
            <numerusform>%n Snapshot, der noch indiziert wird, wurde ausgelassen.</numerusform>
            <numerusform>%n Snapshots, die noch indiziert werden, wurden ausgelassen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Gzipped tar archive (*.tar.gz)</source>
        <translation>Gzip-komprimiertes tar-Archiv (*.tar.gz)</translation>
    </message>
    <message>
        <source>Zip archive (*.zip)</source>
        <translation>Zip-Archiv (*.zip)</translation>
    </message>
    <message>
        <source>Download %1</source>
        <translation>%1 herunterladen</translation>
    </message>
</context>
<context>
    <name>SnapshotTableModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Could not read the size: %1</source>
        <translation>Die Größe konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Reading the size from the repository…</source>
        <translation>Die Größe wird aus dem Repository gelesen …</translation>
    </message>
    <message>
        <source>Files and folders inside the server directory</source>
        <translation>Dateien und Ordner im Serververzeichnis</translation>
    </message>
    <message>
        <source>Size of the files when restored</source>
        <translation>Größe der Dateien nach der Wiederherstellung</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Backup UUID</source>
        <translation>Sicherungs-UUID</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Taken on host %1, not by this server&apos;s Pouch</source>
        <translation>Auf Host %1 erstellt, nicht vom Pouch dieses Servers</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
</context>
<context>
    <name>StatsMeasurer</name>
    <message>
        <source>%1 is not a snapshot id.</source>
        <translation>%1 ist keine Snapshot-ID.</translation>
    </message>
</context>
<context>
    <name>TarExtractor</name>
    <message>
        <source>Cannot enter %1: %2</source>
        <translation>%1 kann nicht betreten werden: %2</translation>
    </message>
    <message>
        <source>Not a tar stream: %1</source>
        <translation>Kein tar-Datenstrom: %1</translation>
    </message>
    <message>
        <source>The archive is damaged: %1</source>
        <translation>Das Archiv ist beschädigt: %1</translation>
    </message>
    <message>
        <source>The archive holds an unsafe name, nothing was restored: %1</source>
        <translation>Das Archiv enthält einen unsicheren Namen, nichts wurde wiederhergestellt: %1</translation>
    </message>
    <message>
        <source>The archive links %1 to %2, outside the restore</source>
        <translation>Das Archiv verknüpft %1 mit %2, außerhalb der Wiederherstellung</translation>
    </message>
    <message>
        <source>Cannot restore %1: %2</source>
        <translation>%1 kann nicht wiederhergestellt werden: %2</translation>
    </message>
    <message>
        <source>The archive is damaged at %1: %2</source>
        <translation>Das Archiv ist bei %1 beschädigt: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot finish %1: %2</source>
        <translation>%1 kann nicht abgeschlossen werden: %2</translation>
    </message>
    <message>
        <source>Cannot finish the restore: %1</source>
        <translation>Die Wiederherstellung kann nicht abgeschlossen werden: %1</translation>
    </message>
    <message>
        <source>None of the archive&apos;s %1 entries lies below %2</source>
        <translation>Keiner der %1 Einträge des Archivs liegt unterhalb von %2</translation>
    </message>
    <message>
        <source>Nothing to restore from: the snapshot&apos;s path is empty</source>
        <translation>Nichts wiederherzustellen: Der Pfad des Snapshots ist leer</translation>
    </message>
</context>
<context>
    <name>TrustCertificateDialog</name>
    <message>
        <source>Certificate Changed</source>
        <translation>Zertifikat geändert</translation>
    </message>
    <message>
        <source>&lt;b&gt;This node&apos;s certificate has changed.&lt;/b&gt; It is not the one you trusted, so Pouch did not connect and sent no token. Either the node was given a new certificate, or someone between you and the node is intercepting the connection.</source>
        <translation>&lt;b&gt;Das Zertifikat dieses Knotens hat sich geändert.&lt;/b&gt; Es ist nicht das, dem Sie vertraut haben, daher hat Pouch keine Verbindung aufgebaut und kein Token gesendet. Entweder hat der Knoten ein neues Zertifikat bekommen, oder jemand zwischen Ihnen und dem Knoten fängt die Verbindung ab.</translation>
    </message>
    <message>
        <source>Trust This Certificate?</source>
        <translation>Diesem Zertifikat vertrauen?</translation>
    </message>
    <message>
        <source>&lt;b&gt;The system does not trust this node&apos;s certificate.&lt;/b&gt; A node with a self-signed certificate looks like this, and so does someone intercepting the connection. Trust it only when its fingerprint below matches the one on the node.</source>
        <translation>&lt;b&gt;Das System vertraut dem Zertifikat dieses Knotens nicht.&lt;/b&gt; So sieht ein Knoten mit selbstsigniertem Zertifikat aus, aber auch jemand, der die Verbindung abfängt. Vertrauen Sie ihm nur, wenn der Fingerabdruck unten mit dem auf dem Knoten übereinstimmt.</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>Knoten:</translation>
    </message>
    <message>
        <source>Trusted fingerprint:</source>
        <translation>Vertrauter Fingerabdruck:</translation>
    </message>
    <message>
        <source>&lt;b&gt;The certificate presented now&lt;/b&gt;</source>
        <translation>&lt;b&gt;Das jetzt vorgelegte Zertifikat&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>Ausgestellt für:</translation>
    </message>
    <message>
        <source>%1 (self-signed)</source>
        <translation>%1 (selbstsigniert)</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>Ausgestellt von:</translation>
    </message>
    <message>
        <source>Host names:</source>
        <translation>Hostnamen:</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>(expired)</source>
        <translation>(abgelaufen)</translation>
    </message>
    <message>
        <source>(not yet valid)</source>
        <translation>(noch nicht gültig)</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Gültig:</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256-Fingerabdruck:</translation>
    </message>
    <message>
        <source>If the node was given a new certificate, print its fingerprint on the node and compare it with the one presented now:</source>
        <translation>Wenn der Knoten ein neues Zertifikat bekommen hat, geben Sie seinen Fingerabdruck auf dem Knoten aus und vergleichen Sie ihn mit dem jetzt vorgelegten:</translation>
    </message>
    <message>
        <source>To compare, print the fingerprint on the node:</source>
        <translation>Zum Vergleich geben Sie den Fingerabdruck auf dem Knoten aus:</translation>
    </message>
    <message>
        <source>The file is the one named by ssl.cert in /etc/pouch/pouch.yml, or else by api.ssl.cert in Wings&apos; /etc/pelican/config.yml.</source>
        <translation>Die Datei ist die unter ssl.cert in /etc/pouch/pouch.yml genannte, sonst die unter api.ssl.cert in /etc/pelican/config.yml von Wings.</translation>
    </message>
    <message>
        <source>Pouch never replaces a trusted certificate by itself. To trust the new one, remove this node and add it again, then compare the fingerprint it shows.</source>
        <translation>Pouch ersetzt ein vertrautes Zertifikat nie von selbst. Um dem neuen zu vertrauen, entfernen Sie diesen Knoten, fügen Sie ihn erneut hinzu und vergleichen Sie den angezeigten Fingerabdruck.</translation>
    </message>
    <message>
        <source>Once trusted, this certificate is remembered for this node, and a different one is refused.</source>
        <translation>Einmal vertraut, wird dieses Zertifikat für diesen Knoten gemerkt, und ein anderes wird abgelehnt.</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate</source>
        <translation>Diesem Zertifikat &amp;vertrauen</translation>
    </message>
</context>
</TS>
