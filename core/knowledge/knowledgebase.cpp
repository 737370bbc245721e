#include "knowledgebase.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcKnowledge, "entra.knowledge")

namespace Entra {
namespace {

QString normalizedSection(QStringView section)
{
    if (section.startsWith(u"Work Account", Qt::CaseInsensitive))
        return u"work account"_s;
    return section.toString().toLower();
}

QList<QRegularExpression> patterns(const QJsonValue &value)
{
    QList<QRegularExpression> list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        QRegularExpression re(item.toString(), QRegularExpression::CaseInsensitiveOption);
        if (re.isValid())
            list.append(re);
        else
            qCWarning(lcKnowledge) << "invalid pattern in the knowledge base:" << item.toString();
    }
    return list;
}

// Codes are keyed by their canonical spelling: hex upper-case with a lower-case 0x prefix.
QString normalizedCode(QStringView code)
{
    QStringView c = code.trimmed();
    if (c.startsWith(u"0x", Qt::CaseInsensitive)) {
        bool ok = false;
        const quint32 value = c.mid(2).toUInt(&ok, 16);
        if (ok)
            return u"0x"_s + QString::number(value, 16).toUpper();
    }
    if (c.startsWith(u'-')) { // HRESULTs printed as signed decimals (-2145648611)
        bool ok = false;
        const qint32 value = c.toInt(&ok);
        if (ok)
            return u"0x"_s + QString::number(quint32(value), 16).toUpper();
    }
    return c.toString().toUpper();
}

QByteArray readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcKnowledge) << "cannot open" << path;
        return {};
    }
    return file.readAll();
}

} // namespace

const KnowledgeBase &KnowledgeBase::builtIn()
{
    static const KnowledgeBase instance =
        fromJson(readResource(u":/knowledge/dsregcmd-fields.json"_s),
                 readResource(u":/knowledge/error-codes.json"_s));
    return instance;
}

KnowledgeBase KnowledgeBase::fromJson(const QByteArray &fieldsJson, const QByteArray &codesJson)
{
    KnowledgeBase kb;
    const QJsonObject fields = QJsonDocument::fromJson(fieldsJson).object();
    const QJsonArray sections = fields.value(u"sections"_s).toArray();
    for (const QJsonValue &value : sections) {
        const QJsonObject s = value.toObject();
        kb.m_sectionDescriptions.insert(normalizedSection(s.value(u"title"_s).toString()),
                                        s.value(u"description"_s).toString());
    }
    const QJsonArray fieldArray = fields.value(u"fields"_s).toArray();
    for (const QJsonValue &value : fieldArray) {
        const QJsonObject f = value.toObject();
        FieldInfo info{f.value(u"section"_s).toString(), f.value(u"key"_s).toString(),
                       f.value(u"meaning"_s).toString(),  f.value(u"healthy"_s).toString(),
                       patterns(f.value(u"unhealthy"_s)), patterns(f.value(u"warning"_s))};
        const qsizetype index = kb.m_fields.size();
        kb.m_fieldBySectionKey.insert(normalizedSection(info.section) + u'\n' + info.key.toLower(),
                                      index);
        if (!kb.m_fieldByKey.contains(info.key.toLower()))
            kb.m_fieldByKey.insert(info.key.toLower(), index);
        kb.m_fields.append(std::move(info));
    }

    const QJsonArray codes = QJsonDocument::fromJson(codesJson).object().value(u"codes"_s).toArray();
    for (const QJsonValue &value : codes) {
        const QJsonObject c = value.toObject();
        CodeInfo info{c.value(u"code"_s).toString(),    c.value(u"kind"_s).toString(),
                      c.value(u"name"_s).toString(),    c.value(u"meaning"_s).toString(),
                      c.value(u"fix"_s).toString(),     c.value(u"reference"_s).toString()};
        kb.m_codeByNormalized.insert(normalizedCode(info.code), kb.m_codes.size());
        kb.m_codes.append(std::move(info));
    }
    return kb;
}

const FieldInfo *KnowledgeBase::field(QStringView section, QStringView key) const
{
    const QString lowerKey = key.toString().toLower();
    auto it = m_fieldBySectionKey.constFind(normalizedSection(section) + u'\n' + lowerKey);
    if (it == m_fieldBySectionKey.cend()) {
        it = m_fieldByKey.constFind(lowerKey);
        if (it == m_fieldByKey.cend())
            return nullptr;
    }
    return &m_fields.at(*it);
}

QString KnowledgeBase::sectionDescription(QStringView section) const
{
    return m_sectionDescriptions.value(normalizedSection(section));
}

ValueAssessment KnowledgeBase::assess(QStringView section, QStringView key, QStringView value) const
{
    const FieldInfo *info = field(section, key);
    if (!info)
        return ValueAssessment::Normal;
    const QString trimmed = value.trimmed().toString();
    for (const QRegularExpression &re : info->unhealthy) {
        if (re.match(trimmed).hasMatch())
            return ValueAssessment::Unhealthy;
    }
    for (const QRegularExpression &re : info->warning) {
        if (re.match(trimmed).hasMatch())
            return ValueAssessment::Warning;
    }
    return ValueAssessment::Normal;
}

const CodeInfo *KnowledgeBase::code(QStringView code) const
{
    const auto it = m_codeByNormalized.constFind(normalizedCode(code));
    return it == m_codeByNormalized.cend() ? nullptr : &m_codes.at(*it);
}

QList<const CodeInfo *> KnowledgeBase::codesMentionedIn(QStringView value) const
{
    static const QRegularExpression pattern(
        u"\\b(0x[0-9a-fA-F]{1,8}|AADSTS\\d+|MSIS\\d+)\\b|(?<![\\w-])(-21\\d{8})\\b"
        u"|^([A-Za-z]+Error)$"_s);
    QList<const CodeInfo *> found;
    auto it = pattern.globalMatch(value);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        QString text;
        for (int group = 1; group <= 3 && text.isEmpty(); ++group)
            text = m.captured(group);
        const CodeInfo *info = code(text);
        if (info && !found.contains(info))
            found.append(info);
    }
    return found;
}

} // namespace Entra
