#include "IgnoreRules.h"
#include "Logging.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>
#include <vector>

namespace IgnoreRules {

namespace {

// Bounds, so that a huge tree or a hostile ignore text cannot hang or bloat a backup.
constexpr qint64 kMaxEntries = 1000000;    // directory entries read while resolving dir/ lines
constexpr int kMaxDepth = 128;             // levels below the server directory (one open descriptor each)
constexpr int kMaxResolvedLines = 10000;   // lines written for dir/ lines: restic tries each on every file
constexpr qint64 kMaxReplayWork = 5000000; // earlier lines narrowed for `!dir/` lines

// Exact names (the server directory, resolved directories): their glob characters and dollars must not act.
QString literalPrefix(const QString& path)
{
    QString out;
    for (const QChar c : path) {
        if (c == QLatin1Char('*') || c == QLatin1Char('?') || c == QLatin1Char('[') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        if (c == QLatin1Char('$'))
            out += QLatin1Char('$');
        out += c;
    }
    return out;
}

enum class Dialect
{
    Git, // wildmatch, as gitignore applies it to the tree
    Go,  // filepath.Match, as restic applies its patterns
};

QString classMember(QChar c)
{
    return QRegularExpression::escape(QString(c));
}

// One path component of a glob as a regular expression (unanchored), or nothing for a malformed glob.
std::optional<QString> componentRegex(const QString& glob, Dialect dialect)
{
    static const QStringList posixClasses{QStringLiteral("alnum"), QStringLiteral("alpha"), QStringLiteral("blank"),
                                          QStringLiteral("cntrl"), QStringLiteral("digit"), QStringLiteral("graph"),
                                          QStringLiteral("lower"), QStringLiteral("print"), QStringLiteral("punct"),
                                          QStringLiteral("space"), QStringLiteral("upper"), QStringLiteral("xdigit")};
    QString re;
    QString literal;
    const auto flush = [&] {
        re += QRegularExpression::escape(literal);
        literal.clear();
    };
    const int n = int(glob.size());
    for (int i = 0; i < n; ++i) {
        const QChar c = glob.at(i);
        if (c == QLatin1Char('*')) {
            flush();
            while (i + 1 < n && glob.at(i + 1) == QLatin1Char('*'))
                ++i; // inside a component, ** is *
            re += QLatin1String("[^/]*");
        } else if (c == QLatin1Char('?')) {
            flush();
            re += QLatin1String("[^/]");
        } else if (c == QLatin1Char('\\')) {
            if (++i == n)
                return std::nullopt; // a trailing backslash escapes nothing
            literal += glob.at(i);
        } else if (c == QLatin1Char('[')) {
            flush();
            int j = i + 1;
            bool negated = false;
            if (j < n &&
                (glob.at(j) == QLatin1Char('^') || (dialect == Dialect::Git && glob.at(j) == QLatin1Char('!')))) {
                negated = true;
                ++j;
            }
            QString set;
            for (bool first = true;; first = false) {
                if (j >= n)
                    return std::nullopt; // unterminated
                QChar lo = glob.at(j);
                if (lo == QLatin1Char(']') && !first)
                    break;
                if (dialect == Dialect::Git && lo == QLatin1Char('[') && j + 1 < n &&
                    glob.at(j + 1) == QLatin1Char(':')) {
                    const int end = int(glob.indexOf(QLatin1String(":]"), j + 2));
                    const QString name = end < 0 ? QString() : glob.mid(j + 2, end - j - 2);
                    if (!posixClasses.contains(name))
                        return std::nullopt;
                    set += QLatin1String("[:") + name + QLatin1String(":]");
                    j = end + 2;
                    continue;
                }
                if (lo == QLatin1Char('\\') && ++j >= n)
                    return std::nullopt;
                lo = glob.at(j++);
                if (lo.isSurrogate())
                    return std::nullopt; // one character of a class is one UTF-16 unit here
                if (j + 1 < n && glob.at(j) == QLatin1Char('-') && glob.at(j + 1) != QLatin1Char(']')) {
                    j += 1;
                    if (glob.at(j) == QLatin1Char('\\') && ++j >= n)
                        return std::nullopt;
                    const QChar hi = glob.at(j++);
                    if (hi.isSurrogate() || hi < lo)
                        return std::nullopt;
                    set += classMember(lo) + QLatin1Char('-') + classMember(hi);
                } else {
                    set += classMember(lo);
                }
            }
            re += (negated ? QLatin1String("[^/") : QLatin1String("[")) + set + QLatin1Char(']');
            i = j; // at the closing ]
        } else {
            literal += c;
        }
    }
    flush();
    return re;
}

std::optional<QRegularExpression> compiled(const QString& re)
{
    QRegularExpression out(QRegularExpression::anchoredPattern(re));
    if (!out.isValid())
        return std::nullopt;
    out.optimize();
    return out;
}

// One component of a restic pattern, kept so that a line can be narrowed to a subtree (see narrowed()).
struct Part
{
    QString text; // as written to the exclude file
    QString name; // exact: the one name it matches
    bool exact = false;
    bool doubleStar = false;
    std::optional<QRegularExpression> glob; // otherwise (none: malformed, restic matches nothing with it)

    bool matches(const QString& component) const
    {
        if (exact)
            return component == name;
        return !doubleStar && glob && glob->match(component).hasMatch();
    }
};

Part exactPart(const QString& name)
{
    Part p;
    p.text = literalPrefix(name);
    p.name = name;
    p.exact = true;
    return p;
}

// A component of a pattern as restic reads it (`$` already literal): simple names compare exactly, as in restic.
Part patternPart(const QString& pattern)
{
    if (pattern == QLatin1String("**")) {
        Part p;
        p.text = pattern;
        p.doubleStar = true;
        return p;
    }
    const bool simple = std::none_of(pattern.cbegin(), pattern.cend(), [](QChar c) {
        return c == QLatin1Char('\\') || c == QLatin1Char('[') || c == QLatin1Char(']') || c == QLatin1Char('*') ||
               c == QLatin1Char('?');
    });
    if (simple) {
        Part p = exactPart(pattern);
        p.text = QString(pattern).replace(QLatin1Char('$'), QLatin1String("$$"));
        return p;
    }
    Part p;
    p.text = QString(pattern).replace(QLatin1Char('$'), QLatin1String("$$"));
    if (const auto re = componentRegex(pattern, Dialect::Go))
        p.glob = compiled(*re);
    return p;
}

struct Line
{
    QString text; // when set: the line exactly as written (plain ignore lines keep today's form)
    bool negate = false;
    bool anchored = true;
    QList<Part> parts; // anchored lines start with the server directory's components
};

QString lineText(const Line& line)
{
    if (!line.text.isEmpty())
        return line.text;
    QStringList texts;
    for (const Part& p : line.parts)
        texts << p.text;
    // restic trims each line: a name ending in a blank keeps it inside a one-character class.
    const Part& last = line.parts.last();
    if (last.exact && last.name.back().isSpace())
        texts.last() = literalPrefix(last.name.chopped(1)) + QLatin1Char('[') + last.name.back() + QLatin1Char(']');
    return (line.negate ? QStringLiteral("!/") : QStringLiteral("/")) + texts.join(QLatin1Char('/'));
}

Line pathLine(const QStringList& components, bool negate)
{
    Line line;
    line.negate = negate;
    for (const QString& c : components)
        line.parts << exactPart(c);
    return line;
}

// What is left of `line` strictly below the directory `dir` (absolute components): the lines matching the same
// paths inside it, but not through `dir` itself or a parent. restic's `!dir` re-includes the whole subtree, so
// the lines before it are written again narrowed this way, and they keep acting on the directory's contents.
QList<Line> narrowed(const Line& line, const QStringList& dir)
{
    QList<Part> parts = line.parts;
    if (!line.anchored) {
        Part any;
        any.text = QStringLiteral("**");
        any.doubleStar = true;
        parts.prepend(any); // restic tries unanchored patterns at every depth
    }
    const int n = int(parts.size());
    const auto close = [&](std::vector<char>& s) {
        for (int j = 0; j < n; ++j) {
            if (s[j] && parts[j].doubleStar)
                s[j + 1] = 1; // ** also matches no component
        }
    };
    // s[j]: the first j parts match the components read so far. Reaching n means the pattern matched `dir` or a
    // parent: restic's prefix match, which is what the narrowed lines leave out.
    std::vector<char> s(n + 1, 0);
    s[0] = 1;
    close(s);
    for (const QString& component : dir) {
        std::vector<char> t(n + 1, 0);
        bool alive = false;
        for (int j = 0; j < n; ++j) {
            if (!s[j])
                continue;
            if (parts[j].doubleStar)
                t[j] = alive = true;
            else if (parts[j].matches(component))
                t[j + 1] = alive = true;
        }
        close(t);
        t[n] = 0;
        s.swap(t);
        if (!alive)
            return {};
    }
    QList<Line> out;
    for (int j = 0; j < n; ++j) {
        if (!s[j] || (j > 0 && s[j - 1] && parts[j - 1].doubleStar))
            continue; // nothing, or already covered by the ** before it
        QList<Part> rest = parts.mid(j);
        if (std::all_of(rest.cbegin(), rest.cend(), [](const Part& p) { return p.doubleStar; })) {
            // Only **: anything inside, but not `dir` itself (restic's ** also matches no component).
            rest = {patternPart(QStringLiteral("*"))};
        }
        Line r = pathLine(dir, line.negate);
        r.parts += rest;
        out << r;
    }
    return out;
}

// Directories under root, depth first in name order, never through a symlink and never outside root.
// visit(rel, name) says whether to descend.
void walkDirectories(const QString& root, const std::function<bool(const QString&, const QString&)>& visit)
{
    const int rootFd = ::open(QFile::encodeName(root).constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (rootFd < 0) {
        qCWarning(lcBackup).noquote() << "ignore: dir/ lines not resolved: cannot read" << root << "-"
                                      << QString::fromLocal8Bit(std::strerror(errno));
        return;
    }
    struct Frame
    {
        DIR* dir;
        QString rel;
        std::vector<QByteArray> children;
        size_t next = 0;
    };
    std::vector<Frame> stack;
    qint64 entries = 0;
    int tooDeep = 0;
    int unwritable = 0;
    const auto enter = [&](int fd, const QString& rel) {
        DIR* d = ::fdopendir(fd);
        if (!d) {
            ::close(fd);
            return;
        }
        Frame f{d, rel, {}};
        while (const dirent* e = ::readdir(d)) {
            if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0)
                continue;
            if (++entries > kMaxEntries)
                break;
            bool isDir = e->d_type == DT_DIR; // a symlink to a directory is not one (git treats it as a file)
            if (e->d_type == DT_UNKNOWN) {
                struct stat st;
                isDir = ::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
            }
            if (isDir)
                f.children.emplace_back(e->d_name);
        }
        std::sort(f.children.begin(), f.children.end());
        stack.push_back(std::move(f));
    };
    enter(rootFd, QString());
    while (!stack.empty() && entries <= kMaxEntries) {
        Frame& top = stack.back();
        if (top.next == top.children.size()) {
            ::closedir(top.dir);
            stack.pop_back();
            continue;
        }
        const QByteArray raw = top.children[top.next++];
        const QString name = QFile::decodeName(raw);
        // A name that is not UTF-8, or holds a line break, cannot be written as one exclude line.
        if (QFile::encodeName(name) != raw || name.contains(QLatin1Char('\n'))) {
            ++unwritable;
            continue;
        }
        const QString rel = top.rel.isEmpty() ? name : top.rel + QLatin1Char('/') + name;
        if (!visit(rel, name))
            continue;
        if (stack.size() > size_t(kMaxDepth)) {
            ++tooDeep;
            continue;
        }
        // O_NOFOLLOW: a directory swapped for a symlink since it was listed is not entered.
        const int fd = ::openat(::dirfd(top.dir), raw.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0)
            enter(fd, rel); // invalidates `top`
    }
    for (const Frame& f : stack)
        ::closedir(f.dir);
    if (entries > kMaxEntries)
        qCWarning(lcBackup).noquote() << "ignore: stopped reading" << root << "after" << kMaxEntries
                                      << "entries; dir/ lines are not applied to the rest";
    if (tooDeep > 0)
        qCWarning(lcBackup).noquote() << "ignore: dir/ lines are not applied deeper than" << kMaxDepth << "levels in"
                                      << root + QLatin1Char(':') << tooDeep << "directories not entered";
    if (unwritable > 0)
        qCWarning(lcBackup).noquote() << "ignore: dir/ lines are not applied in" << unwritable << "directories of"
                                      << root << "whose names are not UTF-8 or hold a line break";
}

struct Rule
{
    bool negate = false;
    bool dirOnly = false;
    bool anchored = false;
    Line line;                               // a plain line: what restic gets, as today
    std::optional<QRegularExpression> match; // a dir/ line: gitignore's match of a directory, on "<path>/"
    QList<int> dirs;                         // a dir/ line: the directories it matches, in walk order
};

// gitignore's match of a dir/ line: unanchored on the directory's name, anchored on its path under the root.
std::optional<QRegularExpression> directoryMatcher(const QString& pattern, bool anchored)
{
    const QStringList parts = pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString re;
    for (int k = 0; k < parts.size(); ++k) {
        if (anchored && parts[k] == QLatin1String("**")) {
            // Leading or inner **/ is any number of directories; a trailing /** is everything inside.
            re += k + 1 == parts.size() ? QLatin1String("(?:[^/]+/)+") : QLatin1String("(?:[^/]+/)*");
            continue;
        }
        const auto part = componentRegex(parts[k], Dialect::Git);
        if (!part)
            return std::nullopt;
        re += *part + QLatin1Char('/');
    }
    return compiled(re);
}

} // namespace

QStringList toResticExcludes(const QString& ignoreText, const QString& serverDirectory)
{
    const QString rootPath = QDir::cleanPath(serverDirectory);
    const QString root = literalPrefix(rootPath);
    const QStringList rootComponents = rootPath.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QList<Rule> rules;
    const QStringList lines = ignoreText.split(QLatin1Char('\n'));
    for (QString line : lines) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        // gitignore drops trailing blanks; restic trims both ends, so leading blanks cannot be kept either.
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.contains(QChar(0)) || line.size() > 4096) {
            qCWarning(lcBackup) << "ignore line dropped: not a pattern";
            continue;
        }
        bool negate = false;
        if (line.startsWith(QLatin1Char('!'))) {
            negate = true;
            line.remove(0, 1);
        } else if (line.startsWith(QLatin1String("\\!")) || line.startsWith(QLatin1String("\\#"))) {
            line.remove(0, 1);
        }
        bool dirOnly = false;
        while (line.endsWith(QLatin1Char('/')) && !line.endsWith(QLatin1String("\\/"))) {
            line.chop(1);
            dirOnly = true;
        }
        // gitignore anchors a pattern with a slash at the start or in the middle to the root.
        const bool anchored = line.contains(QLatin1Char('/'));
        while (line.startsWith(QLatin1Char('/')))
            line.remove(0, 1);
        if (line.isEmpty())
            continue;
        const QStringList parts = line.split(QLatin1Char('/'));
        if (parts.contains(QStringLiteral("..")) || parts.contains(QStringLiteral("."))) {
            qCWarning(lcBackup).noquote() << "ignore line dropped: relative path components are not allowed:" << line;
            continue;
        }
        Rule rule;
        rule.negate = negate;
        rule.dirOnly = dirOnly;
        rule.anchored = anchored;
        if (dirOnly) {
            // restic cannot say "directories only": these lines become the exact paths of the matching
            // directories, found in the tree below.
            rule.match = directoryMatcher(line, anchored);
            if (!rule.match) {
                qCWarning(lcBackup).noquote() << "ignore line dropped: not a valid pattern:" << line;
                continue;
            }
        } else {
            Line& out = rule.line;
            // restic expands $VAR in exclude files: keep dollars literal.
            const QString escaped = QString(line).replace(QLatin1Char('$'), QLatin1String("$$"));
            const QString pattern = anchored ? root + QLatin1Char('/') + escaped : escaped;
            out.text = negate ? QLatin1Char('!') + pattern : pattern;
            out.negate = negate;
            out.anchored = anchored;
            if (anchored) {
                for (const QString& c : rootComponents)
                    out.parts << exactPart(c);
            }
            for (const QString& c : line.split(QLatin1Char('/'), Qt::SkipEmptyParts))
                out.parts << patternPart(c);
        }
        rules << rule;
    }

    int lastNegation = -1;
    bool anyDirOnly = false;
    for (int i = 0; i < rules.size(); ++i) {
        if (rules[i].negate)
            lastNegation = i;
        anyDirOnly = anyDirOnly || rules[i].dirOnly;
    }
    QStringList found; // directories matched by some dir/ line, relative to the root
    if (anyDirOnly) {
        if (!QDir::isAbsolutePath(rootPath)) {
            qCWarning(lcBackup).noquote()
                << "ignore: dir/ lines dropped: the server directory" << rootPath << "is not an absolute path";
        } else {
            walkDirectories(rootPath, [&](const QString& rel, const QString& name) {
                const QString path = rel + QLatin1Char('/');
                const QString base = name + QLatin1Char('/');
                bool listed = false;
                bool excluded = false;
                for (int i = 0; i < rules.size(); ++i) {
                    Rule& r = rules[i];
                    if (!r.dirOnly || !r.match->match(r.anchored ? path : base).hasMatch())
                        continue;
                    if (!listed)
                        found << rel;
                    listed = true;
                    r.dirs << int(found.size() - 1);
                    // Excluded for good when no negation follows: restic does not enter it, nor need we.
                    excluded = excluded || (!r.negate && i > lastNegation);
                }
                return !excluded;
            });
        }
    }

    QList<Line> out;
    int resolved = 0;
    qint64 work = 0;
    bool overBudget = false;
    for (int i = 0; i < rules.size(); ++i) {
        const Rule& r = rules[i];
        if (!r.dirOnly) {
            out << r.line;
            continue;
        }
        if (overBudget)
            continue;
        const qsizetype before = out.size(); // the lines of the rules before this one
        for (const int d : r.dirs) {
            const QStringList dir = rootComponents + found[d].split(QLatin1Char('/'));
            QList<Line> block{pathLine(dir, r.negate)};
            if (r.negate) {
                // restic's `!dir` re-includes everything below it; gitignore's only the directory. The earlier
                // lines, narrowed to its contents, put back what they excluded in there.
                for (qsizetype k = 0; k < before && work <= kMaxReplayWork; ++k, ++work)
                    block += narrowed(out[k], dir);
            }
            if (work > kMaxReplayWork || resolved + block.size() > kMaxResolvedLines) {
                overBudget = true;
                break;
            }
            resolved += int(block.size());
            out += block;
        }
    }
    if (overBudget)
        qCWarning(lcBackup).noquote() << "ignore: dir/ lines in" << rootPath << "stopped after" << resolved
                                      << "exclude lines (restic tries each on every file)";

    QStringList texts;
    texts.reserve(out.size());
    for (const Line& line : out)
        texts << lineText(line);
    return texts;
}

} // namespace IgnoreRules
