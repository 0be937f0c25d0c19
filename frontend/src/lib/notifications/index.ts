export { attentionFromEvent, type AttentionItem, type AttentionNames, type NameLookup } from './attention'
export { reportAttention, resetUnseen, setNotificationsEnabled, unseenCount, useNotificationsSetting, NOTIFICATIONS_STORAGE_KEY } from './notifier'
