#include "eventfilterbar.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using Entra::Events::EventFilter;

namespace Entra::Ui {

namespace {

constexpr int typingDelayMs = 250;

struct LevelChoice
{
    QString label;
    QList<quint8> levels;
};

const QList<LevelChoice> &levelChoices()
{
    static const QList<LevelChoice> choices {
        { u"All levels"_s, {} },
        { u"Problems (critical, error, warning)"_s, { 1, 2, 3 } },
        { u"Critical and error"_s, { 1, 2 } },
        { u"Critical"_s, { 1 } },
        { u"Error"_s, { 2 } },
        { u"Warning"_s, { 3 } },
        { u"Information"_s, { 4 } },
        { u"Verbose"_s, { 5 } },
    };
    return choices;
}

QLineEdit *lineEdit(QWidget *parent, const QString &name, const QString &placeholder,
                    const QString &toolTip)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setToolTip(toolTip);
    edit->setClearButtonEnabled(true);
    return edit;
}

} // namespace

EventFilterBar::EventFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_channel(new QComboBox(this))
    , m_level(new QComboBox(this))
    , m_ids(lineEdit(this, u"idFilter"_s, u"Event IDs: 1098, 300-310"_s,
                     u"Event ids or ranges, comma-separated"_s))
    , m_since(lineEdit(this, u"sinceFilter"_s, u"From (UTC): 2024-05-01T10:00"_s,
                       u"Only events at or after this time (ISO 8601, UTC unless a zone is "
                       u"given)"_s))
    , m_until(lineEdit(this, u"untilFilter"_s, u"To (UTC)"_s,
                       u"Only events at or before this time (ISO 8601, UTC unless a zone is "
                       u"given)"_s))
    , m_text(lineEdit(this, u"textFilter"_s, u"Search text"_s,
                      u"Text in the message, provider, computer or any field"_s))
    , m_clear(new QPushButton(u"Clear Filters"_s, this))
    , m_problem(new QLabel(this))
    , m_typing(new QTimer(this))
{
    m_channel->setObjectName(u"channelFilter"_s);
    // Channel names are long ("Microsoft-Windows-User Device Registration/Admin"): the combo
    // keeps its size and the popup shows them whole.
    m_channel->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_channel->setMinimumContentsLength(20);
    m_channel->addItem(u"All channels"_s);
    m_level->setObjectName(u"levelFilter"_s);
    for (const LevelChoice &choice : levelChoices())
        m_level->addItem(choice.label);
    m_clear->setObjectName(u"clearFilters"_s);
    m_problem->setObjectName(u"filterProblem"_s);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color: #b3261e;"_s);
    m_problem->hide();
    m_typing->setSingleShot(true);
    m_typing->setInterval(typingDelayMs);

    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_channel, 0, 0);
    grid->addWidget(m_level, 0, 1);
    grid->addWidget(m_ids, 0, 2);
    grid->addWidget(m_clear, 0, 3);
    grid->addWidget(m_since, 1, 0);
    grid->addWidget(m_until, 1, 1);
    grid->addWidget(m_text, 1, 2, 1, 2);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 2);
    grid->setColumnStretch(2, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
    layout->addWidget(m_problem);

    const auto now = [this] {
        if (!m_updating)
            rebuild();
    };
    connect(m_channel, &QComboBox::currentIndexChanged, this, now);
    connect(m_level, &QComboBox::currentIndexChanged, this, now);
    for (QLineEdit *edit : { m_ids, m_since, m_until, m_text }) {
        connect(edit, &QLineEdit::textEdited, m_typing, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::editingFinished, this, now);
        connect(edit, &QLineEdit::textChanged, this, [edit, now] {
            if (edit->text().isEmpty()) // the clear button: apply at once
                now();
        });
    }
    connect(m_typing, &QTimer::timeout, this, now);
    connect(m_clear, &QPushButton::clicked, this, &EventFilterBar::clear);
}

QString EventFilterBar::formatTime(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    return utc.toString(utc.time().msec() ? u"yyyy-MM-ddTHH:mm:ss.zzzZ"_s
                                          : u"yyyy-MM-ddTHH:mm:ssZ"_s);
}

QString EventFilterBar::problem() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void EventFilterBar::setChannels(const QStringList &channels)
{
    const QString current = m_channel->currentIndex() > 0 ? m_channel->currentText() : QString();
    m_updating = true;
    m_channel->clear();
    m_channel->addItem(u"All channels"_s);
    QStringList sorted = channels;
    sorted.sort(Qt::CaseInsensitive);
    m_channel->addItems(sorted);
    const int index = current.isEmpty() ? 0 : m_channel->findText(current);
    m_channel->setCurrentIndex(std::max(index, 0));
    m_updating = false;
    if (!current.isEmpty() && index < 0)
        rebuild(); // the chosen channel is gone
}

void EventFilterBar::setChannel(const QString &channel)
{
    const int index = m_channel->findText(channel);
    m_channel->setCurrentIndex(std::max(index, 0));
}

void EventFilterBar::setTimeRange(const QDateTime &since, const QDateTime &until)
{
    m_updating = true;
    m_since->setText(since.isValid() ? formatTime(since) : QString());
    m_until->setText(until.isValid() ? formatTime(until) : QString());
    m_updating = false;
    rebuild();
}

void EventFilterBar::setIds(const QString &ids)
{
    m_updating = true;
    m_ids->setText(ids);
    m_updating = false;
    rebuild();
}

void EventFilterBar::setText(const QString &text)
{
    m_updating = true;
    m_text->setText(text);
    m_updating = false;
    rebuild();
}

void EventFilterBar::setLevelChoice(int index)
{
    m_level->setCurrentIndex(index);
}

void EventFilterBar::clear()
{
    m_updating = true;
    m_channel->setCurrentIndex(0);
    m_level->setCurrentIndex(0);
    for (QLineEdit *edit : { m_ids, m_since, m_until, m_text })
        edit->clear();
    m_updating = false;
    rebuild();
}

void EventFilterBar::rebuild()
{
    m_typing->stop();
    EventFilter filter;
    QStringList problems;
    if (m_channel->currentIndex() > 0)
        filter.setChannels({ m_channel->currentText() });
    filter.setLevels(levelChoices().value(m_level->currentIndex()).levels);
    if (!m_ids->text().trimmed().isEmpty()) {
        const auto ids = EventFilter::parseIds(m_ids->text());
        if (ids)
            filter.setIds(*ids);
        else
            problems.append(ids.error().message + u' ' + ids.error().fix);
    }
    const auto time = [&problems](QLineEdit *edit, const QString &what) -> QDateTime {
        if (edit->text().trimmed().isEmpty())
            return {};
        const auto parsed = EventFilter::parseTime(edit->text());
        if (parsed)
            return *parsed;
        problems.append(u"%1: %2 %3"_s.arg(what, parsed.error().message, parsed.error().fix));
        return {};
    };
    filter.setSince(time(m_since, u"From"_s));
    filter.setUntil(time(m_until, u"To"_s));
    if (filter.since().isValid() && filter.until().isValid() && filter.until() < filter.since())
        problems.append(u"The \"To\" time is before the \"From\" time, so no event can match."_s);
    filter.setText(m_text->text().trimmed());

    m_problem->setText(problems.join(u'\n'));
    m_problem->setVisible(!problems.isEmpty());
    if (filter == m_filter)
        return;
    m_filter = filter;
    Q_EMIT filterChanged(m_filter);
}

} // namespace Entra::Ui
