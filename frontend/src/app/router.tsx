import { createBrowserRouter } from 'react-router'
import { AppShell } from './app-shell'
import { ActivityRoute } from './routes/activity'
import { BoardRoute } from './routes/board'
import { LoginRoute } from './routes/login'
import { NotFoundRoute } from './routes/not-found'
import { ProjectsRoute } from './routes/projects'

export const routes = [
  { path: '/login', element: <LoginRoute /> },
  {
    element: <AppShell />,
    children: [
      { index: true, element: <ProjectsRoute /> },
      { path: 'activity', element: <ActivityRoute /> },
      { path: 'projects/:projectId', element: <BoardRoute /> },
      { path: 'projects/:projectId/subtasks/:subtaskId', element: <BoardRoute /> },
      { path: 'projects/:projectId/tasks/:taskId', element: <BoardRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
]

export function createRouter() {
  return createBrowserRouter(routes)
}
