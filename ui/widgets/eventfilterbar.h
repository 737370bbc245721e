#pragma once

#include "events/eventfilter.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace Entra::Ui {

// The Event logs page's filter controls: channel, level, event ids, time range (UTC) and text.
// Emits filterChanged with every criterion that parses; one that does not is left out and
// its problem is shown under the bar.
class EventFilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit EventFilterBar(QWidget *parent = nullptr);

    const Events::EventFilter &filter() const { return m_filter; }
    QString problem() const; // the input problems shown under the bar, or empty

    // The channels offered (besides "All channels"); the choice is kept when still offered.
    void setChannels(const QStringList &channels);
    void setChannel(const QString &channel);
    void setTimeRange(const QDateTime &since, const QDateTime &until);
    void setIds(const QString &ids);
    void setText(const QString &text);
    void setLevelChoice(int index);
    void clear();

    static QString formatTime(const QDateTime &time); // "2024-05-01T10:20:00Z"

Q_SIGNALS:
    void filterChanged(const Entra::Events::EventFilter &filter);

private:
    void rebuild();

    QComboBox *m_channel;
    QComboBox *m_level;
    QLineEdit *m_ids;
    QLineEdit *m_since;
    QLineEdit *m_until;
    QLineEdit *m_text;
    QPushButton *m_clear;
    QLabel *m_problem;
    QTimer *m_typing;
    Events::EventFilter m_filter;
    bool m_updating = false;
};

} // namespace Entra::Ui
